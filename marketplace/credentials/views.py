"""The issuer's public face (its DID document, its status lists), the credential downloads and
the page where anyone checks a credential."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.core.ratelimit import rate_limited
from marketplace.passport.qr import qr_svg

from . import selectors, services, verification
from .forms import HolderDidForm, VerifyForm
from .jose import MEDIA_TYPE

# Status lists change when a credential is revoked: a verifier may keep one for a minute.
STATUS_LIST_MAX_AGE = services.STATUS_LIST_TTL_SECONDS
DID_MAX_AGE = 300
NOINDEX = "noindex"


def _public(response, *, max_age: int | None = None):
    # Public by design: any verifier, in any browser or program, may read these.
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = NOINDEX
    if max_age is not None:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


def envelope(credential) -> dict:
    """The VC 2.0 JSON form of a JWT-secured credential (EnvelopedVerifiableCredential)."""
    return {
        "@context": [services.VC_CONTEXT],
        "id": f"{verification.ENVELOPE_PREFIX}{credential.signed}",
        "type": "EnvelopedVerifiableCredential",
    }


FORMATS = ("json", "jwt")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


def _download(credential, fmt: str, *, attachment: bool):
    name = f"valund-credential-{credential.uuid}.{fmt}"
    if fmt == "jwt":
        response = HttpResponse(credential.signed, content_type=MEDIA_TYPE)
    else:
        response = HttpResponse(json.dumps(envelope(credential), indent=2), content_type="application/json")
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def did_document(request):
    response = JsonResponse(selectors.did_document(), content_type="application/did+json")
    return _public(response, max_age=DID_MAX_AGE)


@require_safe
def status_list(request, slug):
    status = selectors.status_list_get(slug=slug)
    return _public(HttpResponse(status.signed, content_type=MEDIA_TYPE), max_age=STATUS_LIST_MAX_AGE)


@never_cache
@require_safe
@rate_limited("verification")
def by_code(request, code, fmt):
    """The credential behind a public verification code, as the verify page links it."""
    _check_format(fmt)
    credential = selectors.credential_by_code(code=code)
    return _public(_download(credential, fmt, attachment="download" in request.GET))


@require_safe
@rate_limited("verification")
def by_code_qr(request, code):
    """A QR code of the credential's public link, for a wallet or a phone to pick up."""
    selectors.credential_by_code(code=code)
    url = services.site_url(reverse("credentials:by_code", kwargs={"code": code, "fmt": "json"}))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    return _public(response, max_age=300)


@never_cache
@login_required
@require_safe
def own(request, uuid, fmt):
    """Any credential of one's own (a revoked or superseded one too); staff with their second
    factor may fetch any; anyone else gets a 404."""
    _check_format(fmt)
    credential = selectors.own_credential_get(user=request.user, uuid=uuid)
    return _download(credential, fmt, attachment=True)


@login_required
@require_POST
def holder_did(request):
    form = HolderDidForm(request.POST)
    if form.is_valid():
        services.holder_did_set(user=request.user, did=form.cleaned_data["did"])
        messages.success(request, _("Saved: credentials issued from now on name this DID.") if form.cleaned_data["did"]
                         else _("Saved: new credentials name your public profile."))
    else:
        messages.error(request, " ".join(form.errors["did"]))
    return redirect("passport:index")


@never_cache
@rate_limited("verification", methods=("POST",))
@require_http_methods(["GET", "POST"])
def verify(request):
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = verification.verify(form.cleaned_data["text"])
    else:
        form = VerifyForm()
    pretty = json.dumps(result.credential, indent=2, ensure_ascii=False) if result and result.credential else ""
    return render(request, "marketplace/credentials/verify.html", {"form": form, "result": result, "pretty": pretty},
                  status=422 if request.method == "POST" and not form.is_valid() else 200)
