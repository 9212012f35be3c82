from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.middleware import get_user
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .second_factor import vouch
from .selectors import language_for, time_zone_for

ADMIN_PREFIX = "/admin/"


class StaffTwoFactorMiddleware:
    """Staff powers need a second factor proved in this session, on every URL.

    The request's user carries `second_factor_verified` from the session (still lazily: a page
    that never looks at the user loads nobody), and `User.has_perm` refuses every permission
    without it. The admin itself sends a staff account without TOTP to switch it on, and one
    whose session has not proved it to give the code; members without admin access get a 403
    instead of Wagtail's login redirect, which would bounce between the admin and allauth."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: vouch(request, get_user(request)))
        user = request.user
        if request.path.startswith(ADMIN_PREFIX) and user.is_authenticated:
            if not user.has_staff_powers:
                return self._admin_refusal(request, user)
            if not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
        return self.get_response(request)

    def _admin_refusal(self, request, user):
        if not user.is_staff_account:
            raise PermissionDenied
        next_query = urlencode({"next": request.get_full_path()})
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.warning(request, _("Staff accounts must switch on two-factor authentication first."))
            return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
        messages.info(request, _("Give the code from your authenticator app to use the staff tools."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")


class MemberLanguageMiddleware:
    """A signed-in member reads Valund in the language saved on their account, whatever the
    browser asks, on every address without a language prefix (their dashboard, bookings,
    payments, the admin, the unprefixed address of a public page, which LocaleMiddleware then
    redirects to the member's language). A prefixed address (/sv/…, /en/…) is in its own language
    for everyone: that is what the link said. Members who chose nothing keep LocaleMiddleware's
    choice (the cookie, the browser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and not translation.get_language_from_path(request.path_info)
        ):
            translation.activate(language_for(user))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class MemberTimeZoneMiddleware:
    """Times on every page in the signed-in member's own time zone (User.time_zone); everyone
    else, and members who chose none, see Valund's (settings.TIME_ZONE, Europe/Stockholm).
    Emails and tasks, which have no request, switch with accounts.locale.addressed_to(member)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            timezone.activate(time_zone_for(user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
