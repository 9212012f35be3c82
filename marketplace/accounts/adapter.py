from contextlib import nullcontext

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Site

from . import ratelimits
from .locale import addressed_to
from .second_factor import signed_in_recently


class AccountAdapter(DefaultAccountAdapter):
    def get_signup_redirect_url(self, request):
        return reverse("dashboard:index")

    def pre_authenticate(self, request, **credentials):
        """allauth refuses a sign-in here once an account or address has failed too often; the
        wait is noted for the sign-in view, which answers 429 with Retry-After."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            request.login_retry_after = ratelimits.seconds_until_allowed(request, "login_failed", key=key) or 1
            raise

    def is_reauthentication_required(self, *, app, **kwargs):
        """allauth counts only a reauthentication as recent, so a member who signed in a moment
        ago (a staff member sent from the admin to switch TOTP on, then to the recovery codes)
        was asked for the password again; a sign-in that proved every factor within the
        timeout counts too (second_factor.signed_in_recently). Later, allauth asks as usual."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        return request is None or not signed_in_recently(request, getattr(request, "user", None))

    def send_mail(self, template_prefix, email, context_):
        """allauth's letters greet from the site's name ("Hello from Valund!"), not from the host
        the member typed: the Wagtail site's name, else WAGTAIL_SITE_NAME. The domain they give
        is the request's, like every link. A letter to a member who chose a language (a password
        reset asked from someone else's browser) is in theirs; otherwise in the request's."""
        request = context.request
        site = RequestSite(request)
        wagtail_site = Site.find_for_request(request)
        site.name = (wagtail_site.site_name if wagtail_site else "") or settings.WAGTAIL_SITE_NAME
        user = context_.get("user")
        with addressed_to(user) if getattr(user, "language", "") else nullcontext():
            super().send_mail(template_prefix, email, {"current_site": site, **context_})
