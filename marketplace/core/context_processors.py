from django.conf import settings


def site(request):
    return {"SITE_URL": settings.SITE_URL, "PAYMENTS_SIMULATED": not settings.STRIPE_SECRET_KEY}
