"""Moderators and editors moderate and feature reviews in the Wagtail admin."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("wagtailcore", "0002_initial_data")]

    operations = [
        grant_permissions(["Moderators", "Editors"], [("ratings", "change_rating"), ("ratings", "view_rating"),
                                                      ("ratings", "view_ratingflag")]),
    ]
