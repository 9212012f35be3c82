"""The `html_datetime` filter: what <time datetime> may hold (HTML allows at most three
decimals of a second; Django's "c" format gives six), in the site's time zone."""

import datetime

from django.template import Context, Template
from django.test import override_settings

RENDER = Template("{% load valund %}{{ value|html_datetime }}")


def render(value) -> str:
    return RENDER.render(Context({"value": value}))


@override_settings(TIME_ZONE="Europe/Stockholm")
def test_an_aware_moment_is_shown_in_the_site_time_zone_to_the_whole_second():
    moment = datetime.datetime(2026, 11, 26, 12, 30, 5, 123456, tzinfo=datetime.UTC)

    assert render(moment) == "2026-11-26T13:30:05+01:00"


def test_a_date_and_nothing():
    assert render(datetime.date(2026, 11, 26)) == "2026-11-26"
    assert render(None) == ""
    assert render("not a date") == ""
