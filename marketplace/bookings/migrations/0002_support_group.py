"""A "Support" group for staff who look at bookings (and, with payments, resolve disputes)."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [
        grant_permissions(["Support"], [("bookings", "view_booking"), ("bookings", "view_timelog"),
                                        ("wagtailadmin", "access_admin")], create_groups=True),
    ]
