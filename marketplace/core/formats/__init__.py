"""Valund's date and time styles, one per purpose, as Django format modules
(settings.FORMAT_MODULE_PATH): `en/formats.py` and `sv/formats.py`, each in front of Django's
own module for its language (only what differs is written). Templates and code never write
a format string of their own: they use the named filters in core's `valund` template tags
(`day`, `day_time`, `month`, `day_range`, `time_tag`) or `marketplace.core.dates`, which read
these names (docs/architecture.md, "Dates and times")."""

from django.utils.formats import get_format_modules


def style(name: str, default):
    """One of Valund's own styles that Django has no setting for (MONTH_ABBREVIATIONS,
    WEEK_FORMAT, PER_HOUR_FORMAT, HOURS_FORMAT) from the active language's format module, else
    `default`. Django's get_format() answers only its own setting names."""
    for module in get_format_modules():
        if hasattr(module, name):
            return getattr(module, name)
    return default
