"""A random key per saved search for its unsubscribe links (instead of its id and its owner's id):
added empty and filled with a different key for each existing row here, made unique in 0009 (a
transaction of its own: PostgreSQL will not alter a table with the updates' triggers pending)."""

import secrets

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    SavedSearch = apps.get_model("search", "SavedSearch")
    for saved_search in SavedSearch.objects.filter(unsubscribe_key__isnull=True).only("pk").iterator():
        SavedSearch.objects.filter(pk=saved_search.pk).update(unsubscribe_key=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_compact_search_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="unsubscribe_key",
            field=models.CharField(max_length=40, null=True, editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
