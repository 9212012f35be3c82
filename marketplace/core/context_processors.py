from django.conf import settings

from .http import site_origin


def site(request):
    # SITE_URL in a page is the address the page was opened at, like every link it makes.
    return {"SITE_URL": site_origin(request), "PAYMENTS_SIMULATED": not settings.STRIPE_SECRET_KEY}
