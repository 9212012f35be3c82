"""Saved searches (save, list, change, delete, unsubscribe), the analytics beacons of the
results page (searches shown, result clicks) and the search box's suggestions. The results
page itself is the freelancer directory (pages/models.py)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.core.directory import directory_url
from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.http import id_or_none
from marketplace.core.ratelimit import rate_limited

from . import selectors, services
from .forms import FrequencyForm, SavedSearchForm


@login_required
def saved_list(request):
    saved_searches = selectors.saved_searches_of(request.user)
    rows = [
        (saved, FrequencyForm(initial={"frequency": saved.frequency}, auto_id=f"saved-{saved.pk}-%s"))
        for saved in saved_searches
    ]
    return render(request, "marketplace/search/saved/list.html", {"rows": rows, "directory_url": directory_url()})


@require_POST
def saved_create(request):
    form = SavedSearchForm(request.POST)
    querystring = services.canonical_querystring(request.POST.get("querystring", "")[:2000])
    if not request.user.is_authenticated:
        # A visitor's "save" leads to the login, and back to the same results.
        return redirect_to_login(directory_url(querystring))
    if not form.is_valid():
        messages.error(request, _("The search was not saved: choose how often to email you."))
        return redirect(directory_url(querystring))
    try:
        saved = services.saved_search_create(owner=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(directory_url(querystring))
    messages.success(request, _("Search saved as “%(name)s”. You find it on your dashboard.") % {"name": saved.name})
    return redirect(saved.get_absolute_url())


@login_required
@require_POST
def saved_frequency(request, pk):
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how often to email you."))
        return redirect("search:saved_list")
    try:
        services.saved_search_set_frequency(
            actor=request.user, saved_search_id=pk, frequency=form.cleaned_data["frequency"]
        )
    except PermissionDenied as exc:
        # Someone else's search: answer as if it did not exist, so ids cannot be probed.
        raise Http404 from exc
    messages.success(request, _("Email alerts updated."))
    return redirect("search:saved_list")


@login_required
@require_POST
def saved_delete(request, pk):
    try:
        services.saved_search_delete(actor=request.user, saved_search_id=pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Saved search deleted."))
    return redirect("search:saved_list")


# The token in the address is the authority, not a session: mail programs POST here without a
# CSRF token (RFC 8058 one-click), and a forged request would need the token anyway.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (mail scanners open links, and must not unsubscribe anyone); POST unsubscribes."""
    template = "marketplace/search/saved/unsubscribe.html"
    try:
        if request.method == "POST":
            saved = services.saved_search_unsubscribe(token=token)
            response = render(request, template, {"saved_search": saved, "done": True})
        else:
            saved = services.saved_search_from_token(token)
            response = render(request, template, {"saved_search": saved, "token": token})
    except DomainError as exc:
        # 410 Gone: the link was ours and is over; 400: it never was (or was changed).
        expired = exc.code == "expired"
        response = render(request, template, {"invalid": exc.message, "expired": expired},
                          status=410 if expired else 400)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# The analytics beacons of the results page (static/js/search.js, and without JavaScript the
# page's <noscript> image and its links' `ping`). The page is the same for every visitor and
# may come from a cache, so it records nothing itself. Without a CSRF token (visitors have
# none, and a ping carries none): a forged request can only count a search the site itself
# signed, or claim a first click, which any visitor can do. Each takes its expected fields and
# no other, and counts against the search's rate limit (a page from a cache does not).
_BEACON_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
# A transparent 1×1 GIF: what the <noscript> image shows.
_PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
PING_BODY = b"PING"


@csrf_exempt
@require_POST
@rate_limited("search")
def record(request):
    """Count the search a results page shows (its signed token): answers the id that the
    page's result clicks are recorded against, null when this request has none."""
    if set(request.POST) != {"token"} or request.GET or request.FILES:
        return HttpResponseBadRequest("token", headers=_BEACON_HEADERS)
    try:
        search_id = services.record_search_from_token(request, request.POST["token"])
    except signing.BadSignature:
        return HttpResponseBadRequest("token", headers=_BEACON_HEADERS)
    return JsonResponse({"search": str(search_id) if search_id else None}, headers=_BEACON_HEADERS)


# The one GET of ours that writes (tests/test_access_control.py names it): an image that only a
# page rendered without scripts asks for, as that page's record beacon. HEAD and a prefetch
# (which announce themselves) record nothing; nothing but the token is accepted.
@require_GET
@rate_limited("search")
def shown(request):
    """Count the search a results page shows, as search:record does, for a page without
    JavaScript (its <noscript> image, ?token=): answers a transparent pixel."""
    if set(request.GET) != {"token"}:
        return HttpResponseBadRequest("token", headers=_BEACON_HEADERS)
    if _prefetch(request):
        return HttpResponse(status=204, headers=_BEACON_HEADERS)
    try:
        services.record_search_from_token(request, request.GET["token"])
    except signing.BadSignature:
        return HttpResponseBadRequest("token", headers=_BEACON_HEADERS)
    return HttpResponse(_PIXEL, content_type="image/gif", headers=_BEACON_HEADERS)


def _prefetch(request) -> bool:
    purpose = f"{request.headers.get('Sec-Purpose', '')} {request.headers.get('Purpose', '')}".lower()
    return "prefetch" in purpose or "preview" in purpose


@csrf_exempt
@require_POST
@rate_limited("search")
def click(request):
    """The first click on a result of a recorded search, in one of two forms:

    - search.js's beacon: a form of the search's id and the result's position;
    - a result link's `ping` (HTML's hyperlink auditing, the page without JavaScript): the
      body `PING` as `text/ping`, the page's token and the result's position in the address."""
    if request.content_type == "text/ping":
        return _ping(request)
    if set(request.POST) != {"search", "position"} or request.GET or request.FILES:
        return HttpResponseBadRequest("search, position", headers=_BEACON_HEADERS)
    try:
        search_id = uuid.UUID(request.POST["search"])
        position = int(request.POST["position"])
    except ValueError:
        return HttpResponseBadRequest("search, position", headers=_BEACON_HEADERS)
    services.record_click(search_id=search_id, position=position)
    return HttpResponse(status=204, headers=_BEACON_HEADERS)


def _ping(request):
    if set(request.GET) != {"token", "position"} or request.body != PING_BODY:
        return HttpResponseBadRequest("token, position", headers=_BEACON_HEADERS)
    position = id_or_none(request.GET["position"])
    if position is None:
        return HttpResponseBadRequest("token, position", headers=_BEACON_HEADERS)
    try:
        services.record_click_from_token(request, request.GET["token"], position=position)
    except signing.BadSignature:
        return HttpResponseBadRequest("token, position", headers=_BEACON_HEADERS)
    return HttpResponse(status=204, headers=_BEACON_HEADERS)


SUGGESTIONS_SHOWN = 8
SUGGEST_CACHE_SECONDS = 300


@require_GET
@rate_limited("suggest")
def suggest(request):
    """Suggestions for what is typed in the search box (?q=): for htmx the options of the
    combobox's listbox, otherwise a small page of links, so that the address works without
    JavaScript too. The same for everyone who reads the same language: cacheable for a few
    minutes (the page only privately, as its header shows who is signed in)."""
    typed = request.GET.get("q", "")[:selectors.PREFIX_MAX_LENGTH * 4]
    found = selectors.suggestions(typed, language=get_language(), limit=SUGGESTIONS_SHOWN)
    context = {"suggestions": found, "typed": typed, "directory_url": directory_url()}
    if request.htmx:
        response = render(request, "marketplace/search/suggestions.html#listbox", context)
        response["Cache-Control"] = f"public, max-age={SUGGEST_CACHE_SECONDS}"
    else:
        response = render(request, "marketplace/search/suggestions.html", context)
        response["Cache-Control"] = f"private, max-age={SUGGEST_CACHE_SECONDS}"
        response["X-Robots-Tag"] = "noindex"
    patch_vary_headers(response, ("HX-Request",))
    return response
