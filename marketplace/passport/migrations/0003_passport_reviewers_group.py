"""The "Passport reviewers" group: staff in it see the review queue in the Wagtail admin
and may approve, reject, request revision of and revoke passport documents."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("passport", "0002_audit_log_append_only_trigger"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        grant_permissions(["Passport reviewers"], [
            ("wagtailadmin", "access_admin"),
            ("passport", "review_competencedocument"),
            ("passport", "view_competencedocument"),
        ], create_groups=True),
    ]
