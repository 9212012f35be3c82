from django.db import migrations, models

import marketplace.search.models.saved


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_saved_search_unsubscribe_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="savedsearch",
            name="unsubscribe_key",
            field=models.CharField(
                default=marketplace.search.models.saved.new_unsubscribe_key, editable=False, max_length=40,
                unique=True,
            ),
        ),
    ]
