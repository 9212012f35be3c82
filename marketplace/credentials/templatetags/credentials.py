"""{% document_credential document %}: the credential panel on the freelancer's document page.

The passport sits below this app and cannot import it; its template loads this tag library,
the one place the passport's pages learn that credentials exist."""

from django import template
from django.utils import timezone

from .. import selectors
from ..forms import HolderDidForm

register = template.Library()


def _status(credential) -> str:
    """valid, expired, revoked or superseded."""
    if credential.revoked_at is not None:
        return credential.reason or "revoked"
    if credential.valid_until is not None and credential.valid_until < timezone.now():
        return "expired"
    return "valid"


@register.inclusion_tag("marketplace/credentials/includes/document_credential.html", takes_context=True)
def document_credential(context, document):
    credential = selectors.current_credential(document=document)
    request = context.get("request")
    holder_did = selectors.holder_did(user=request.user) if request is not None else ""
    return {
        "credential": credential,
        "credential_status": _status(credential) if credential is not None else None,
        "document": document,
        "did_form": HolderDidForm(initial={"did": holder_did}),
        "request": request,
    }


@register.inclusion_tag("marketplace/credentials/includes/review_credential.html")
def review_credential(document):
    """The credentials issued for a document, on the reviewers' screen in the Wagtail admin."""
    return {"credentials": [(c, _status(c)) for c in selectors.document_credentials(document=document)]}


@register.inclusion_tag("marketplace/credentials/includes/verification_credential.html")
def verification_credential(code):
    """On the public verification page: the document's signed credential, for other systems."""
    credential = selectors.current_credential_by_code(code=code)
    return {"credential": credential, "code": code}
