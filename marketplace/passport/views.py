"""The freelancer's side of the passport: their documents, uploads, new versions, and the
checked view that hands out a private file."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from marketplace.core.errors import DomainError
from marketplace.core.files import download_name
from marketplace.core.http import client_ip, id_or_none
from marketplace.core.ratelimit import rate_limited
from marketplace.core.storage import private_file_response

from . import rules, selectors, services
from .forms import OTHER, DocumentUploadForm, NewVersionForm, error_field

UPLOAD_TEMPLATE = "marketplace/passport/upload.html"
DETAIL_TEMPLATE = "marketplace/passport/detail.html"
# What the upload form may be prefilled with from the query string (a renewal link, or htmx
# redrawing the fields after the document type changed) or, without JavaScript, from the form
# sent with "Show the fields for this type".
REDRAW = "show_fields"  # the no-JavaScript button's name
PREFILL_FIELDS = ("document_type", "title", "issuer", "credential_number", "issue_date", "expiry_date")


def freelancer_required(view):
    """Logged-in freelancers only; anyone else learns where the passport lives for them."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_freelancer:
            messages.info(request, _("The competence passport is for freelancers: they upload their "
                                     "certificates here, and clients see which ones Valund has checked."))
            return redirect("dashboard:index")
        return view(request, *args, **kwargs)

    return wrapped


def _done(request, url: str):
    """After a successful POST: a redirect, or for a script-driven upload the URL to go to."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _add_domain_error(form, exc: DomainError) -> None:
    field = error_field(exc.code)
    form.add_error(field if field in form.fields else None, exc.message)


@freelancer_required
def index(request):
    groups = selectors.own_documents_by_status(owner=request.user)
    return render(request, "marketplace/passport/index.html", {"groups": groups})


def _renewal_initial(request, renew: int) -> dict:
    """?renew=<pk of one of the member's own documents>: start from the earlier document."""
    try:
        earlier = selectors.own_document_get(owner=request.user, pk=renew)
    except Http404:
        return {}
    return {
        "document_type": str(earlier.template_id) if earlier.template_id else OTHER,
        "title": earlier.title, "issuer": earlier.issuer, "skills": [s.pk for s in earlier.skills.all()],
    }


def _upload_initial(request, templates, query=None) -> dict:
    """Prefill from the query string, or from the form sent to redraw it (`query`). A chosen
    type suggests its name as the title and its skills, without overwriting a title the member
    typed or skills they ticked themselves."""
    query = request.GET if query is None else query
    renew = id_or_none(query.get("renew", ""))
    if renew is not None:
        return _renewal_initial(request, renew)
    initial = {name: query[name] for name in PREFILL_FIELDS if query.get(name)}
    ticked = query.getlist("skills")
    type_names = {t.name for t in templates}
    suggested_skills = {str(s.pk) for t in templates for s in t.skills.all()}
    chosen = next((t for t in templates if str(t.pk) == initial.get("document_type")), None)
    if chosen is not None:
        if initial.get("title", "") in type_names | {""}:
            initial["title"] = chosen.name
        own_choices = [pk for pk in ticked if pk not in suggested_skills]
        initial["skills"] = own_choices + [str(s.pk) for s in chosen.skills.all()]
    else:
        if initial.get("title") in type_names:
            del initial["title"]
        initial["skills"] = [pk for pk in ticked if pk not in suggested_skills]
    return initial


def _upload_response(request, form, *, status=200, file_dropped=False):
    context = {"form": form, "file_dropped": file_dropped, "redraw": REDRAW}
    if request.htmx:
        partial = "details" if request.method == "GET" else "upload-form"
        return render(request, f"{UPLOAD_TEMPLATE}#{partial}", context, status=status)
    return render(request, UPLOAD_TEMPLATE, context, status=status)


@freelancer_required
@rate_limited("passport_upload", methods=("POST",))
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def upload(request):
    templates = list(selectors.upload_templates())
    if request.method == "POST" and REDRAW in request.POST:
        # Without JavaScript: the type changed, so the page comes back with its fields for that
        # type and everything typed; the browser cannot be given the chosen file back.
        form = DocumentUploadForm(initial=_upload_initial(request, templates, request.POST), owner=request.user,
                                  templates=templates)
        return _upload_response(request, form, file_dropped=bool(request.FILES))
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES, owner=request.user, templates=templates)
        if form.is_valid():
            try:
                document = services.document_upload(
                    owner=request.user, ip=client_ip(request), **form.service_kwargs()
                )
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                messages.success(request, _("“%(title)s” was uploaded. We will tell you by email when it has "
                                            "been reviewed.") % {"title": document.title})
                return _done(request, reverse("passport:detail", args=[document.pk]))
        return _upload_response(request, form, status=422 if request.htmx else 200)
    form = DocumentUploadForm(initial=_upload_initial(request, templates), owner=request.user, templates=templates)
    return _upload_response(request, form)


def _detail_response(request, document, form=None, *, status=200):
    context = {
        "document": document,
        "history": selectors.own_document_history(document=document),
        "version_form": form or NewVersionForm(),
    }
    if request.htmx:
        return render(request, f"{DETAIL_TEMPLATE}#new-version", context, status=status)
    return render(request, DETAIL_TEMPLATE, context, status=status)


@freelancer_required
def detail(request, pk):
    document = selectors.own_document_get(owner=request.user, pk=pk)
    return _detail_response(request, document)


@freelancer_required
@rate_limited("passport_upload", methods=("POST",))
@require_POST
def new_version(request, pk):
    document = selectors.own_document_get(owner=request.user, pk=pk)
    form = NewVersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_new_version(
                actor=request.user, document=document, upload=form.cleaned_data["file"], ip=client_ip(request)
            )
        except DomainError as exc:
            if error_field(exc.code) is None:
                # Not about the file (the document moved on meanwhile): say so on the fresh page.
                messages.error(request, exc.message)
                return _done(request, reverse("passport:detail", args=[document.pk]))
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("The new version was uploaded and waits for review."))
            return _done(request, reverse("passport:detail", args=[document.pk]))
    return _detail_response(request, document, form, status=422 if request.htmx else 200)


def _download_name(document, version) -> str:
    return download_name(document.title, version.content_type, fallback="document", suffix=f"-v{version.number}")


@login_required
def open_file(request, pk, number):
    version = selectors.file_version_get(document_pk=pk, number=number)
    document = version.document
    if not rules.can_open_file(request.user, document):
        # Someone else's document: as if it did not exist, and nothing is logged.
        raise Http404
    services.document_open_file(actor=request.user, document=document, version=version, ip=client_ip(request))
    return private_file_response(version.file, content_type=version.content_type,
                                 filename=_download_name(document, version))
