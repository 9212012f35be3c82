import pytest
from django.test import RequestFactory

from marketplace.core.http import absolute_url, client_ip, id_or_none, ids, request_origin, site_origin


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/en/", **extra)


def test_without_proxies_the_socket_address_counts_and_forwarded_headers_are_ignored(settings):
    settings.VALUND_TRUSTED_PROXIES = 0

    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims(settings):
    settings.VALUND_TRUSTED_PROXIES = 1

    # The client sent "X-Forwarded-For: 10.0.0.1"; nginx appended the address it really saw.
    assert client_ip(request("127.0.0.1", "10.0.0.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"


@pytest.mark.parametrize("value", ["0", "-1", "²", "１２３", "1e3", " 7", "7 ", "", "9223372036854775808",
                                   "99999999999999999999", "0" * 30 + "1", None])
def test_a_value_that_is_not_a_database_id_is_no_id(value):
    assert id_or_none(value) is None


@pytest.mark.parametrize("value, number", [("1", 1), ("42", 42), ("9223372036854775807", 2**63 - 1)])
def test_ascii_digits_within_bigint_are_an_id(value, number):
    assert id_or_none(value) == number


def test_ids_keeps_the_ids_of_a_list_in_order_and_drops_the_rest():
    assert ids(["3", "²", "5", "99999999999999999999", "x", "3"]) == [3, 5, 3]


def test_links_follow_the_request_and_else_site_url(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = "https://valund.example"
    on_8001 = RequestFactory().get("/en/", HTTP_HOST="127.0.0.1:8001")

    assert site_origin(on_8001) == "http://127.0.0.1:8001"
    assert absolute_url("/bookings/3/") == "https://valund.example/bookings/3/"
    token = request_origin.set(site_origin(on_8001))
    try:
        assert absolute_url("/bookings/3/") == "http://127.0.0.1:8001/bookings/3/"
    finally:
        request_origin.reset(token)
    assert absolute_url("https://checkout.stripe.com/pay/x") == "https://checkout.stripe.com/pay/x"


def test_a_host_not_allowed_never_makes_a_link(settings):
    """A forged Host header gives the configured address, never its own (and raises nothing,
    so the 400 page for it still renders: tests/production/test_error_pages.py)."""
    settings.ALLOWED_HOSTS = ["valund.example"]
    settings.SITE_URL = "https://valund.example"

    assert site_origin(RequestFactory().get("/en/", HTTP_HOST="evil.example")) == "https://valund.example"

