"""What the browser is allowed and told: the Content Security Policy (the public site's and the
admin's), the permissions policy and the other security headers, cookies, the proxies trusted
for the visitor's address, and the rate limits of the site's own pages."""

import os

from django.utils.csp import CSP

from .storage import MEDIA_ORIGINS, PRIVATE_ORIGINS

# How many reverse proxies (nginx, a load balancer) stand in front of the app: audit entries
# then take the client's address from X-Forwarded-For (marketplace.core.http.client_ip).
VALUND_TRUSTED_PROXIES = int(os.environ.get("VALUND_TRUSTED_PROXIES", "0"))
# allauth's per-address limits must see the visitor's address too, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = VALUND_TRUSTED_PROXIES

# Videos in pages (the article and page body's video block): only from YouTube and Vimeo, the
# oEmbed providers Wagtail may ask (WAGTAILEMBEDS_FINDERS), whose players are the only frames a
# public page may hold (frame-src below). No responsive wrapper: it is an inline style the CSP
# refuses (the block's CSS sizes the frame instead).
EMBED_ORIGINS = ["https://www.youtube.com", "https://player.vimeo.com"]
WAGTAILEMBEDS_FINDERS = [{
    "class": "wagtail.embeds.finders.oembed",
    "providers": [
        {"endpoint": "https://www.youtube.com/oembed",
         "urls": [r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch|shorts/|live/).+$", r"^https?://youtu\.be/.+$"]},
        {"endpoint": "https://vimeo.com/api/oembed.{format}",
         "urls": [r"^https?://(?:www\.)?vimeo\.com/.+$", r"^https?://player\.vimeo\.com/.+$"]},
    ],
}]
WAGTAILEMBEDS_RESPONSIVE_HTML = False

# Content Security Policy (Django's own, django.middleware.csp): no inline script or style
# anywhere on the public site, so injected markup cannot run. Scripts and styles are files
# under /static/; JSON-LD and JSON data blocks are not scripts and need nothing. A new
# third-party origin is added here, in the directive it needs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # data: for the QR code of two-factor setup; the media bucket for avatars.
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *EMBED_ORIGINS],
    # Browsers apply form-action to the redirect after a POST too: funding a booking goes on
    # to Stripe Checkout, setting up payouts to Stripe Connect's onboarding.
    "form-action": [CSP.SELF, "https://checkout.stripe.com", "https://connect.stripe.com"],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
# The Wagtail admin (staff only, two-factor) still uses a few inline scripts and style
# attributes, so it gets a policy of its own (marketplace.core.middleware): inline allowed,
# everything else still limited to this site, the buckets (the review screen shows passport
# files from the private bucket); no Gravatar (WAGTAIL_GRAVATAR_PROVIDER_URL is off). Its page previews
# frame this site, so it may be framed by itself.
VALUND_ADMIN_PATH_PREFIX = "/admin/"
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS, *PRIVATE_ORIGINS],
    "frame-src": [CSP.SELF, *PRIVATE_ORIGINS],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
# A page's preview in the editor's side panel is the public page rendered inside the admin's
# iframe (Wagtail's make_preview_request runs the whole middleware chain for it at the page's own
# path): it keeps the public policy but may be framed by this site's admin, and by nothing else
# (marketplace.core.middleware; X-Frame-Options SAMEORIGIN with it).
SECURE_CSP_PREVIEW = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}
# Browser features no page of the site uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx reads the token from <body data-hx-headers>, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Rate limits of the site's own pages (marketplace.core.ratelimit), in allauth's notation:
# amount/period/per, period s, m, h or d ("5m" is five minutes), per ip (visitors) or user
# (members). Each can be changed with RATE_LIMIT_<NAME> (RATE_LIMIT_SEARCH="30/m/ip,60/m/user").
_RATE_LIMIT_DEFAULTS = {
    # The freelancer directory and its result links.
    "search": "60/m/ip,120/m/user",
    # The search box's suggestions: one request per pause in typing.
    "suggest": "300/m/ip,600/m/user",
    # Passport uploads and new versions (POST only).
    "passport_upload": "20/h/user",
    # Public verification pages, their JSON and QR codes (a page loads its QR code: 2 hits).
    "verification": "120/m/ip,240/m/user",
    # For the bookings, messages and ratings views:
    "booking_request": "10/h/user",
    "message": "30/m/user",
    "attachment": "30/h/user",
    "flag": "10/h/user,20/h/ip",
    # Sending an editor's form page (contact, partner enquiries), per address (POST only).
    "form_submission": "5/10m/ip,20/d/ip",
    # Every request to the public API (/api/v1/), per token's member or per address; the
    # freelancer search there counts against "search" as well, like the directory.
    "api": "120/m/ip,600/m/user",
}
VALUND_RATE_LIMITS = {
    name: os.environ.get(f"RATE_LIMIT_{name.upper()}", default) for name, default in _RATE_LIMIT_DEFAULTS.items()
}
