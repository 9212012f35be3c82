"""Operations that data migrations share. Kept stable: migrations import them by name."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _ensure_permissions(apps) -> None:
    # Permissions are normally created after all migrations; groups made by migrations need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def grant_permissions(groups, permissions, *, create_groups: bool = False):
    """A RunPython that gives `groups` (names) the `permissions` ((app_label, codename) pairs),
    making the groups first when `create_groups`; reversed, it takes them away again (and
    deletes groups it made)."""
    groups, permissions = tuple(groups), tuple(permissions)

    def lookup(apps):
        Permission = apps.get_model("auth", "Permission")
        return [Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in permissions]

    def forwards(apps, schema_editor):
        _ensure_permissions(apps)
        Group = apps.get_model("auth", "Group")
        if create_groups:
            for name in groups:
                Group.objects.get_or_create(name=name)
        found = lookup(apps)
        for group in Group.objects.filter(name__in=groups):
            group.permissions.add(*found)

    def backwards(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        found = [p for app_label, codename in permissions
                 for p in Permission.objects.filter(content_type__app_label=app_label, codename=codename)]
        for group in Group.objects.filter(name__in=groups):
            group.permissions.remove(*found)
        if create_groups:
            Group.objects.filter(name__in=groups, permissions__isnull=True).delete()

    return migrations.RunPython(forwards, backwards)
