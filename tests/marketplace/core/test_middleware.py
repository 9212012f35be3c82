"""RefuseNulMiddleware: a NUL anywhere a view or a library could put it in a query (the path,
the query string, a form's fields) is answered 400 before it reaches the database; tabs and
line breaks in values are not. The walk over every URL (tests/test_hostile_input.py) shows no
view answers 500 to them; these show where the refusal happens and that it is logged."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/en/verify/%00/", "/verify/%00/json/", "/en/verify/a%0ab/", "/bookings/%7f/",
                                 "/en/freelancers/%00/", "/admin/pages/%00/", "/accounts/login/%00",
                                 "/?q=%00", "/search/saved/?%00=1", "/?q=ok&q=%00"],
                         ids=lambda url: url)
def test_a_nul_in_the_path_or_query_string_is_a_logged_400(client, url, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security"):
        response = client.get(url)

    assert response.status_code == 400
    assert [record.name for record in caplog.records] == ["django.security.NulCharacterInRequest"]


def test_tabs_and_line_breaks_in_query_values_are_let_through(client):
    assert client.get("/accounts/login/?next=/a%09b%0d%0a").status_code == 200


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart"])
def test_a_nul_in_a_form_field_is_a_400(client, content_type):
    if content_type == "multipart":
        response = client.post("/accounts/login/", {"login": "a\x00@example.com", "password": "x"})
    else:
        response = client.post("/accounts/login/", "login=a%00%40example.com&password=x", content_type=content_type)

    assert response.status_code == 400


def test_a_raw_body_read_by_a_csrf_exempt_view_is_left_to_that_view(client, settings):
    # The Stripe webhook reads its body as bytes; parsing a multipart body first would lose it.
    settings.STRIPE_WEBHOOK_SECRET = "whsec_walk"

    response = client.post("/stripe/webhook/", {"id": "evt\x00"})

    assert response.status_code == 400 and response.content == b"Bad signature"
