"""Editors maintain the document types (CompetenceTemplate) in the Wagtail admin."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions

ACTIONS = ("add", "change", "delete", "view")


class Migration(migrations.Migration):
    dependencies = [("passport", "0003_passport_reviewers_group"), ("wagtailcore", "0002_initial_data")]

    operations = [
        grant_permissions(["Editors", "Moderators"],
                          [("passport", f"{action}_competencetemplate") for action in ACTIONS]),
    ]
