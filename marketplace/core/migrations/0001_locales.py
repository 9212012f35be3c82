"""Wagtail's locales for the site's two languages (WAGTAIL_CONTENT_LANGUAGES): Swedish and
English, whichever of them Wagtail's own first migration made from LANGUAGE_CODE. Pages in each
language hang from them (pages, seed_demo); simple_translation copies a page between them."""

from django.db import migrations

LANGUAGES = ("sv", "en")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0054_initial_locale")]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
