"""Staff in the "Support" group (bookings migration 0002) see payments and resolve disputes."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_disputes"),
        ("bookings", "0002_support_group"),
    ]

    operations = [
        grant_permissions(["Support"], [("payments", "resolve_paymentdispute"), ("payments", "view_paymentdispute"),
                                        ("payments", "view_payment"), ("payments", "view_escrowaccount")]),
    ]
