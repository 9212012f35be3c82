"""Staff in the "Support" group (bookings migration 0002) act on members' data requests."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("bookings", "0002_support_group"),
    ]

    operations = [
        grant_permissions(["Support"], [("privacy", "handle_datarequest"), ("privacy", "view_datarequest")]),
    ]
