from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.forms import add_domain_error
from marketplace.core.places import places_starting

from . import selectors, services
from .forms import PLACE_MAX_LENGTH, ProfileForm, SkillForm
from .models import COUNTRY_NAMES

AVATAR_ERROR_CODES = {"avatar_empty", "avatar_too_large", "avatar_too_many_pixels", "avatar_unreadable",
                      "avatar_format"}


@login_required
def profile_edit(request):
    profile = selectors.own_profile_get(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            try:
                services.profile_update(
                    actor=request.user,
                    profile=profile,
                    data=form.profile_data(),
                    languages=form.cleaned_data.get("languages"),
                    avatar=form.cleaned_data.get("avatar"),
                    language=form.cleaned_data.get("language", ""),
                    time_zone=form.cleaned_data.get("time_zone", ""),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except DomainError as exc:
                if exc.code in AVATAR_ERROR_CODES:
                    form.add_error("avatar", exc.message)
                else:
                    add_domain_error(form, exc)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile_edit")
        messages.error(request, _("Please correct the errors below. Nothing was saved."))
    else:
        form = ProfileForm(instance=profile)
    return render(request, "marketplace/accounts/profile_edit.html", {"form": form, "profile": profile})


PLACES_SUGGESTED = 8
PLACES_CACHE_SECONDS = 3600


@login_required
@require_GET
def place_suggest(request):
    """The places whose names start with what is typed in the profile's place field (?place=):
    for htmx the options of its combobox, otherwise a small page that lists them. The gazetteer
    changes only with a release, so the answer may be kept a while."""
    typed = request.GET.get("place", "")[:PLACE_MAX_LENGTH]
    places = [(place.name, COUNTRY_NAMES.get(place.country, place.country))
              for place in places_starting(typed, limit=PLACES_SUGGESTED)]
    context = {"places": places, "typed": typed}
    template = "marketplace/accounts/place_suggestions.html"
    response = render(request, f"{template}#listbox" if request.htmx else template, context)
    response["Cache-Control"] = f"private, max-age={PLACES_CACHE_SECONDS}"
    patch_vary_headers(response, ("HX-Request",))
    return response


def _skills_response(request, profile, form=None, status=200):
    context = {"profile": selectors.own_profile_get(user=request.user), "skill_form": form or SkillForm()}
    if request.htmx:
        return render(request, "marketplace/accounts/skills.html#skills", context, status=status)
    return render(request, "marketplace/accounts/skills.html", context, status=status)


@login_required
def skills(request):
    profile = selectors.own_profile_get(user=request.user)
    if not request.user.is_freelancer:
        messages.info(request, _("Skills are listed by freelancers."))
        return redirect("dashboard:index")
    if request.method == "POST":
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                services.skill_add(actor=request.user, profile=profile, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if not request.htmx:
                    messages.success(request, _("Skill saved."))
                    return redirect("accounts:skills")
                return _skills_response(request, profile)
        return _skills_response(request, profile, form, status=422 if request.htmx else 200)
    return _skills_response(request, profile)


@login_required
@require_POST
def skill_remove(request, pk):
    profile = selectors.own_profile_get(user=request.user)
    try:
        services.skill_remove(actor=request.user, profile=profile, user_skill_id=pk)
    except PermissionDenied as exc:
        # Someone else's skill: answer as if it did not exist, so ids cannot be probed.
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard:index")
    if request.htmx:
        return _skills_response(request, profile)
    messages.success(request, _("Skill removed."))
    return redirect("accounts:skills")


class LoginView(allauth_views.LoginView):
    """allauth's sign-in, but an account or address locked after too many failures answers 429
    with Retry-After (set by our adapter), with the same form and message."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        retry_after = getattr(self.request, "login_retry_after", None)
        if retry_after:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


login = LoginView.as_view()


@require_http_methods(["GET", "POST"])
def switch_language(request, code):
    """The language switcher (header and footer): remembers `code` in the language cookie and
    goes to `next` (the same page in that language, as the switcher built it) when it is one of
    ours, else to that language's home page. Visitors follow it as a plain link (GET, no
    JavaScript). A member's switcher is a button that posts here, and the choice is then also
    saved on the account (User.language, which wins over the cookie): a GET changes nothing in
    the database (tests/test_access_control.py), since browsers prefetch links."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.POST.get("next", "") if request.method == "POST" else request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = f"/{code}/"
    if request.method == "POST" and request.user.is_authenticated:
        services.user_set_language(actor=request.user, user=request.user, language=code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response
