from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from . import ratelimits


class AccountAdapter(DefaultAccountAdapter):
    def get_signup_redirect_url(self, request):
        return reverse("accounts:dashboard")

    def pre_authenticate(self, request, **credentials):
        """allauth refuses a sign-in here once an account or address has failed too often; the
        wait is noted for the sign-in view, which answers 429 with Retry-After."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            request.login_retry_after = ratelimits.seconds_until_allowed(request, "login_failed", key=key) or 1
            raise
