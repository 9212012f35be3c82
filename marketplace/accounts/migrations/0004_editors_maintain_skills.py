"""Editors own the search's vocabulary: they maintain the skills and skill categories (names in
both languages, synonyms) in the Wagtail admin, as they do the document types."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions

ACTIONS = ("add", "change", "delete", "view")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_vocabulary"), ("wagtailcore", "0002_initial_data")]

    operations = [
        grant_permissions(["Editors", "Moderators"],
                          [("accounts", f"{action}_{model}") for model in ("skill", "skillcategory")
                           for action in ACTIONS]),
    ]
