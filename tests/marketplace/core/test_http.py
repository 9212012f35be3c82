from django.test import RequestFactory

from marketplace.core.http import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_socket_address_counts_and_forwarded_headers_are_ignored(settings):
    settings.VALUND_TRUSTED_PROXIES = 0

    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims(settings):
    settings.VALUND_TRUSTED_PROXIES = 1

    # The client sent "X-Forwarded-For: 10.0.0.1"; nginx appended the address it really saw.
    assert client_ip(request("127.0.0.1", "10.0.0.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"
