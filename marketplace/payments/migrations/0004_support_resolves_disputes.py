"""Staff in the "Support" group (bookings migration 0002) see payments and resolve disputes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("payments", "resolve_paymentdispute"),
    ("payments", "view_paymentdispute"),
    ("payments", "view_payment"),
    ("payments", "view_escrowaccount"),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Support")
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Support").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="payments",
                                                            codename__in=[c for _, c in PERMISSIONS]))


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_disputes"),
        ("bookings", "0002_support_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
