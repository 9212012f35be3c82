"""Editors maintain the document types (CompetenceTemplate) in the Wagtail admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="passport", codename__in=[f"{action}_competencetemplate" for action in ACTIONS]
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="passport", codename__in=[f"{action}_competencetemplate" for action in ACTIONS]
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("passport", "0003_passport_reviewers_group"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(forwards, backwards)]
