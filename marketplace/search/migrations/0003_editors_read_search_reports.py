"""Editors and moderators read the search reports in the Wagtail admin (Reports → Search)."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions


class Migration(migrations.Migration):
    dependencies = [("search", "0002_analytics_and_saved_searches"), ("wagtailcore", "0002_initial_data")]

    operations = [grant_permissions(["Editors", "Moderators"], [("search", "view_searchanalytics")])]
