from django.conf import settings


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
