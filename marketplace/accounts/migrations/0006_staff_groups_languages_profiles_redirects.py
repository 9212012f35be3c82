"""What each staff group's work needs beyond earlier migrations (see docs/staff.md for the whole
table): Editors and Moderators keep the languages members choose from and the site's redirects;
Moderators also hide or correct a member's profile. Nobody but a superuser deletes a language
(members' profiles hold them) or adds or deletes a profile (ProfilePermissionPolicy)."""

from django.db import migrations

from marketplace.core.migration_helpers import grant_permissions

REDIRECTS = [("wagtailredirects", f"{action}_redirect") for action in ("add", "change", "delete", "view")]
LANGUAGES = [("accounts", f"{action}_language") for action in ("add", "change", "view")]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_profile_place_coordinates"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [
        grant_permissions(["Editors", "Moderators"], [*LANGUAGES, *REDIRECTS]),
        grant_permissions(["Moderators"], [("accounts", "view_profile"), ("accounts", "change_profile")]),
    ]
