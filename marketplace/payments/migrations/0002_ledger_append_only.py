"""On PostgreSQL the database itself refuses to change or delete ledger rows."""

from django.db import migrations

from marketplace.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        append_only_trigger("payments_ledgertransaction"),
        append_only_trigger("payments_ledgerentry"),
    ]
