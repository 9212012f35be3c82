from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


class StaffTwoFactorMiddleware:
    """Everyone who may use the Wagtail admin must have TOTP two-factor switched on first.

    Signed-in members without admin access get a 403 instead of Wagtail's login redirect,
    which would bounce between the admin and allauth's login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.path.startswith(ADMIN_PREFIX):
            if not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(request, _("Staff accounts must switch on two-factor authentication first."))
                return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.path})}")
        return self.get_response(request)
