from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

# The origin of the request being served, for links a service writes while it runs (a
# notification's email); set by core.middleware.RequestOriginMiddleware, None elsewhere.
request_origin: ContextVar[str | None] = ContextVar("valund_request_origin", default=None)


def site_origin(request=None) -> str:
    """Where absolute links point ("scheme://host:port"): the address the member is using, taken
    from `request` or else from the request being served, so that a site opened as
    127.0.0.1:8001 links to itself; SITE_URL for work no request caused (periodic jobs).
    get_host() checks the Host header against ALLOWED_HOSTS, so a forged one never makes a link:
    SITE_URL stands in for it (the 400 page for that host still renders)."""
    if request is not None:
        try:
            return f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            return settings.SITE_URL
    return request_origin.get() or settings.SITE_URL


def absolute_url(path: str, *, origin: str | None = None) -> str:
    """`path` ("/bookings/3/") on `origin`, else on site_origin(); a URL that is already
    absolute is returned as it is."""
    if not path.startswith("/"):
        return path
    return (origin or site_origin()) + path


def client_ip(request) -> str | None:
    """The address of the person making the request, for audit entries.

    Behind VALUND_TRUSTED_PROXIES reverse proxies, REMOTE_ADDR is the last proxy's address and
    X-Forwarded-For ends with the addresses they saw; only those entries are trusted, since a
    client can send any X-Forwarded-For it likes."""
    trusted = settings.VALUND_TRUSTED_PROXIES
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR") or None


# The largest id a BigAutoField holds (PostgreSQL's bigint, SQLite's INTEGER).
MAX_ID = 2**63 - 1


def id_or_none(value) -> int | None:
    """A database id from a request value ("42"), or None when it is not one.

    str.isdigit() is not the test: it accepts "²" (which int() refuses) and "１２３" (which
    int() reads as 123), and a number past bigint makes SQLite raise OverflowError."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def ids(values) -> list[int]:
    """The database ids among request values (?skills=3&skills=5), anything else dropped."""
    return [number for number in map(id_or_none, values) if number is not None]
