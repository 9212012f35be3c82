"""Valund's date and time styles, one per purpose, as Django format modules
(settings.FORMAT_MODULE_PATH): `en/formats.py` now, `sv/formats.py` beside it when the site
speaks Swedish (until then Django's own Swedish formats apply). Templates and code never write
a format string of their own: they use the named filters in core's `valund` template tags
(`day`, `day_time`, `month`, `day_range`, `time_tag`) or `marketplace.core.dates`, which read
these names (docs/architecture.md, "Dates and times")."""
