"""Editors translate pages: simple_translation's Translate action (a copy of a page in the
other language's tree, to write in that language) needs its permission beside the page
permissions Editors already hold (docs/i18n.md)."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_featured_reviews_block"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(["Editors"], [("simple_translation", "submit_translation")])]
