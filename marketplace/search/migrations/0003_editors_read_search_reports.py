"""Editors and moderators read the search reports in the Wagtail admin (Reports → Search)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = "view_searchanalytics"


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="search", codename=PERMISSION)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="search", codename=PERMISSION):
        for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_analytics_and_saved_searches"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(forwards, backwards)]
