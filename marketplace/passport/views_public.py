"""What anyone may see of a passport: the verification page a QR code leads to, the same as
JSON for other systems, the QR code itself; and the freelancer's own printable passport."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from marketplace.core.ratelimit import rate_limited

from . import selectors, services
from .qr import qr_svg, verification_url
from .views import freelancer_required

# The page names a person and their papers: people find it by scanning, not by searching.
NOINDEX = "noindex"
QR_MAX_AGE = 24 * 60 * 60


# A revocation must show at once, so no cache may keep an old answer.
@never_cache
@require_safe
@rate_limited("verification")
def verify(request, code):
    document = selectors.verifiable_document_get(code=code)
    services.document_record_verification_view(document=document)
    verification = selectors.public_verification(document)
    response = render(request, "marketplace/passport/verify.html", {"verification": verification})
    response["X-Robots-Tag"] = NOINDEX
    return response


@never_cache
@require_safe
@rate_limited("verification")
def verify_json(request, code):
    document = selectors.verifiable_document_get(code=code)
    services.document_record_verification_view(document=document)
    response = JsonResponse(selectors.public_verification(document).as_json())
    # Public data by design: any site (an employer's staffing system, say) may read it.
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = NOINDEX
    return response


@require_safe
@rate_limited("verification")
def verify_qr(request, code):
    """The QR code of a verification page. Not counted as a view: the page itself loads it.
    Cacheable: a code, once it has a page, keeps it whatever happens to the document."""
    if not selectors.verifiable_code_exists(code=code):
        raise Http404
    response = HttpResponse(qr_svg(verification_url(code)), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    response["X-Robots-Tag"] = NOINDEX
    return response


@freelancer_required
@require_safe
def printable(request):
    """The freelancer's credentials in force today, with their QR codes, to print or save as PDF."""
    today = timezone.localdate()
    return render(
        request,
        "marketplace/passport/print.html",
        {
            "holder": request.user.profile.display_name,
            "credentials": selectors.printable_credentials(owner=request.user, today=today),
            "today": today,
        },
    )
