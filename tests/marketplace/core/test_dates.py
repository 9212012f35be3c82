"""One date style per purpose (marketplace/core/dates.py, marketplace/core/formats/): the
filters templates use and the functions notifications use give the same text, and no
template writes a format string of its own."""

import datetime
import pathlib
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from marketplace.core import dates

DAY = datetime.date(2026, 1, 30)
# 13:05 UTC is 14:05 in Stockholm in winter.
MOMENT = datetime.datetime(2026, 1, 30, 13, 5, 42, tzinfo=datetime.UTC)


def render(source: str, **context) -> str:
    return Template("{% load valund %}" + source).render(Context(context))


@override_settings(TIME_ZONE="Europe/Stockholm")
@pytest.mark.parametrize(("source", "expected"), [
    ("{{ value|day }}", "30 Jan 2026"),
    ("{{ moment|day }}", "30 Jan 2026"),
    ("{{ moment|day_time }}", "30 Jan 2026, 14:05"),
    ("{{ value|month }}", "Jan 2026"),
    ("{{ value|weekday }}", "Fri 30 Jan"),
    ("{{ value|day_range:end }}", "30 Jan 2026 – 2 Feb 2026"),
    ("{{ value|day_range:value }}", "30 Jan 2026"),
    ("{{ value|time_tag }}", '<time datetime="2026-01-30">30 Jan 2026</time>'),
    ('{{ moment|time_tag:"day_time" }}', '<time datetime="2026-01-30T14:05:42+01:00">30 Jan 2026, 14:05</time>'),
    ('{{ value|time_tag:"month" }}', '<time datetime="2026-01-30">Jan 2026</time>'),
    ("{{ nothing|day }}{{ nothing|day_time }}{{ nothing|month }}{{ nothing|time_tag }}", ""),
    ("{{ hours|hours }}", "7.5"),
])
def test_each_style_in_english(source, expected):
    context = {"value": DAY, "end": datetime.date(2026, 2, 2), "moment": MOMENT, "nothing": None,
               "hours": "7.50"}
    with translation.override("en"):
        assert render(source, **context) == expected


@override_settings(TIME_ZONE="Europe/Stockholm")
def test_django_s_own_date_filter_and_code_agree_with_the_named_styles():
    with translation.override("en"):
        assert render("{{ value|date }}", value=DAY) == dates.day(DAY) == "30 Jan 2026"
        assert render('{{ moment|date:"DATETIME_FORMAT" }}', moment=MOMENT) == dates.day_time(MOMENT)
        assert render('{{ value|date:"YEAR_MONTH_FORMAT" }}', value=DAY) == dates.month(DAY) == "Jan 2026"


def test_swedish_plugs_in_through_the_format_modules():
    with translation.override("sv"):
        assert dates.day(DAY) != "30 Jan 2026"
        assert "2026" in dates.day(DAY) and "30" in dates.day(DAY)


FORMAT_STRING = re.compile(r"""\|date:\s*["'](?!Y-m-d['"]|W['"])""")


def test_no_template_writes_a_date_format_of_its_own():
    """Machine values (the ISO week's 'Y-m-d' and number 'W' in the admin's report) may; people's
    dates go through |day, |day_time, |month, |day_range, |weekday or |time_tag."""
    templates = pathlib.Path(settings.BASE_DIR) / "templates"
    offenders = [
        f"{path.relative_to(templates)}:{number}"
        for path in sorted(templates.rglob("*.html")) + sorted(templates.rglob("*.txt"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if FORMAT_STRING.search(line) and "DATE_FORMAT" not in line
    ]
    assert offenders == []
