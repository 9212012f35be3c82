"""The "Passport reviewers" group: staff in it see the review queue in the Wagtail admin
and may approve, reject, request revision of and revoke passport documents."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Passport reviewers"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("passport", "review_competencedocument"),
    ("passport", "view_competencedocument"),
]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("passport", "0002_audit_log_append_only_trigger"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
