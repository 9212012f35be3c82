"""Booking pages: the member's list, the request form, the booking page with its actions,
time logs and the weekly timesheet, files, messages and the calendar file. Every page starts
from selectors.booking_for_viewer, which answers 404 to anyone who is not a party or staff."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from marketplace.accounts.models import Profile, Skill, User
from marketplace.core.errors import DomainError
from marketplace.core.files import download_name
from marketplace.core.forms import add_domain_error
from marketplace.core.http import ids
from marketplace.core.money import to_major
from marketplace.core.ratelimit import rate_limited
from marketplace.core.storage import private_file_response
from marketplace.passport.models import CompetenceTemplate

from . import calendar, rules, selectors, services, steps
from .forms import AttachmentForm, BookingRequestForm, MessageForm, ReasonForm, TimeLogForm

DETAIL_TEMPLATE = "marketplace/bookings/detail.html"
REQUEST_TEMPLATE = "marketplace/bookings/request.html"
TIME_TEMPLATE = "marketplace/bookings/time.html"


def _back(booking, anchor: str = ""):
    return redirect(f"{reverse('bookings:detail', args=[booking.pk])}{anchor}")


def with_booking(view):
    """Load the booking for the logged-in viewer (404 for anyone else) and pass it on."""

    @login_required
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        booking = selectors.booking_for_viewer(user=request.user, pk=pk)
        return view(request, booking, *args, **kwargs)

    return wrapped


@login_required
def index(request):
    group = request.GET.get("group", "active")
    if group not in selectors.LIST_GROUPS:
        group = "active"
    bookings = selectors.member_bookings(user=request.user, group=group)
    return render(request, "marketplace/bookings/index.html", {"bookings": bookings, "group": group})


# --- The request -------------------------------------------------------------------------------


def _request_form(request, profile, data=None, files=None):
    skills = Skill.objects.filter(holders__profile=profile).order_by("name")
    templates = CompetenceTemplate.objects.filter(is_active=True).order_by("name")
    initial = {}
    if data is None:
        initial = {"hourly_rate": to_major(profile.hourly_rate, profile.currency) if profile.hourly_rate else None}
        # Skills chosen (htmx redraws the documents when they change): their documents are
        # ticked beside those the client ticked already.
        chosen = ids(request.GET.getlist("skills"))
        ticked = ids(request.GET.getlist("required_documents"))
        suggested = [t.pk for t in selectors.suggested_documents(skills.filter(pk__in=chosen))] if chosen else []
        initial["skills"] = chosen
        initial["required_documents"] = list(dict.fromkeys(ticked + suggested))
    form = BookingRequestForm(data, files, initial=initial, profile=profile, skills=skills, templates=templates)
    return form


def _bookable_profile(slug: str) -> Profile:
    profile = Profile.objects.for_public_display().select_related("user").filter(slug=slug).first()
    if profile is None:
        raise Http404
    return profile


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@rate_limited("booking_request", methods=("POST",))
def request_booking(request, slug):
    profile = _bookable_profile(slug)
    if request.user.pk == profile.user_id:
        messages.info(request, _("This is your own profile: clients book you from here."))
        return redirect(profile.get_absolute_url())
    if request.user.role != User.Role.CLIENT:
        messages.info(request, _("Only client accounts can book freelancers."))
        return redirect(profile.get_absolute_url())
    if request.method == "POST":
        form = _request_form(request, profile, request.POST, request.FILES)
        if form.is_valid():
            try:
                booking = services.booking_request(client=request.user, freelancer=profile.user,
                                                   **form.service_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Your request was sent to %(name)s. You will hear when they answer.")
                                 % {"name": profile.display_name})
                return redirect(booking.get_absolute_url())
    else:
        form = _request_form(request, profile)
    documents = form.document_choices(suggested=selectors.suggestions_by_template(profile=profile),
                                      categories=selectors.document_categories())
    context = {"form": form, "profile": profile, "documents": documents}
    if request.method == "GET" and request.htmx and request.GET.get("suggest"):
        # Skills changed: redraw the requirements with the suggestions ticked.
        return render(request, f"{REQUEST_TEMPLATE}#requirements", context)
    return render(request, REQUEST_TEMPLATE, context)


# --- The booking page and its actions ----------------------------------------------------------


def _detail_context(request, booking, **extra):
    return {
        "booking": booking,
        "role": "client" if request.user.pk == booking.client_id else
                "freelancer" if request.user.pk == booking.freelancer_id else "staff",
        "actions": steps.page_actions(booking=booking, user=request.user),
        "missing": rules.missing_documents(booking),
        "timeline": selectors.timeline(booking=booking),
        "totals": selectors.totals(booking=booking),
        "attachments": selectors.attachments_for(booking=booking),
        "thread": selectors.messages_for(booking=booking),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        "attachment_form": extra.pop("attachment_form", None) or AttachmentForm(),
        **extra,
    }


@with_booking
def detail(request, booking):
    return render(request, DETAIL_TEMPLATE, _detail_context(request, booking))


# The success messages are lazy: this table is built when the module is imported, before any
# request has chosen a language. A dispute is opened only on payments' dispute page.
ACTIONS = {
    "accept": (lambda user, booking, reason: services.booking_accept(actor=user, booking=booking, comment=reason),
               gettext_lazy("You accepted the booking. The client has been told.")),
    "decline": (lambda user, booking, reason: services.booking_decline(actor=user, booking=booking, reason=reason),
                gettext_lazy("You declined the request.")),
    "cancel": (lambda user, booking, reason: services.booking_cancel(actor=user, booking=booking, reason=reason),
               gettext_lazy("The booking is cancelled.")),
    "start": (lambda user, booking, reason: services.booking_start(actor=user, booking=booking),
              gettext_lazy("Work has started: log your time as you go.")),
    "done": (lambda user, booking, reason: services.booking_mark_done(actor=user, booking=booking),
             gettext_lazy("Marked as done. The client will confirm, or the booking completes by itself after the "
                          "review period.")),
    "confirm": (lambda user, booking, reason: services.booking_confirm(actor=user, booking=booking),
                gettext_lazy("Thank you: the booking is completed.")),
}


@with_booking
@require_POST
def act(request, booking, action):
    if action not in ACTIONS:
        raise Http404
    perform, success = ACTIONS[action]
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        perform(request.user, booking, reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(booking)


# --- Time --------------------------------------------------------------------------------------


def _time_context(request, booking, form=None, editing=None):
    return {
        "booking": booking,
        "is_freelancer": request.user.pk == booking.freelancer_id,
        "is_client": request.user.pk == booking.client_id,
        "logs": selectors.time_logs(booking=booking),
        "totals": selectors.totals(booking=booking),
        "form": form,
        "editing": editing,
    }


@with_booking
@require_http_methods(["GET", "POST"])
def time(request, booking):
    is_freelancer = request.user.pk == booking.freelancer_id
    form = TimeLogForm(request.POST) if request.method == "POST" else TimeLogForm()
    if request.method == "POST":
        if not is_freelancer:
            messages.error(request, _("Only the freelancer of this booking can log time on it."))
            return redirect("bookings:time", pk=booking.pk)
        if form.is_valid():
            try:
                services.timelog_create(actor=request.user, booking=booking, **form.service_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Time logged as a draft. Submit it when you are ready."))
                return redirect("bookings:time", pk=booking.pk)
        return render(request, TIME_TEMPLATE, _time_context(request, booking, form), status=422)
    return render(request, TIME_TEMPLATE, _time_context(request, booking, form if is_freelancer else None))


@login_required
@require_http_methods(["GET", "POST"])
def time_edit(request, pk, log_pk):
    log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
    booking = log.booking
    if request.user.pk != log.freelancer_id:
        raise Http404
    if request.method == "POST":
        form = TimeLogForm(request.POST)
        if form.is_valid():
            try:
                services.timelog_update(actor=request.user, log=log, **form.service_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("bookings:time", pk=booking.pk)
        return render(request, TIME_TEMPLATE, _time_context(request, booking, form, editing=log), status=422)
    return render(request, TIME_TEMPLATE, _time_context(request, booking, TimeLogForm.for_log(log), editing=log))


@login_required
@require_POST
def time_delete(request, pk, log_pk):
    log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
    try:
        services.timelog_delete(actor=request.user, log=log)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The time log is deleted."))
    return redirect("bookings:time", pk=pk)


@with_booking
@require_POST
def time_submit(request, booking):
    try:
        count = services.timelogs_submit(actor=request.user, booking=booking,
                                         log_ids=ids(request.POST.getlist("log")) or None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s time logs sent to the client for approval.") % {"count": count})
    return redirect("bookings:time", pk=booking.pk)


@login_required
@require_POST
def time_decide(request, pk, log_pk, decision):
    log = selectors.log_for_viewer(user=request.user, booking_pk=pk, pk=log_pk)
    try:
        if decision == "approve":
            services.timelog_approve(actor=request.user, log=log)
            messages.success(request, _("Time approved."))
        elif decision == "reject":
            services.timelog_reject(actor=request.user, log=log, reason=request.POST.get("reason", ""))
            messages.success(request, _("Time rejected; the freelancer has been told why."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    next_url = request.POST.get("next", "")
    if next_url == "timesheet":
        return redirect(f"{reverse('bookings:timesheet', args=[pk])}?week={log.date.strftime('%G-W%V')}")
    return redirect("bookings:time", pk=pk)


@with_booking
def timesheet(request, booking):
    week_start = selectors.parse_week(request.GET.get("week"), booking=booking)
    week = selectors.timesheet(booking=booking, week_start=week_start)
    return render(request, "marketplace/bookings/timesheet.html", {
        "booking": booking, "week": week, "totals": selectors.totals(booking=booking),
        "is_client": request.user.pk == booking.client_id,
    })


@with_booking
@require_POST
def timesheet_approve(request, booking):
    week_start = selectors.parse_week(request.POST.get("week"), booking=booking)
    try:
        count = services.timesheet_approve_week(actor=request.user, booking=booking, week_start=week_start)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s time logs approved.") % {"count": count})
    return redirect(f"{reverse('bookings:timesheet', args=[booking.pk])}?week={week_start.strftime('%G-W%V')}")


# --- Messages and files ------------------------------------------------------------------------


@with_booking
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@rate_limited("message", methods=("POST",))
def thread(request, booking):
    """GET: the thread (htmx polls it for new messages). POST: send one."""
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_send(actor=request.user, booking=booking, body=form.cleaned_data["body"])
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 422
            else:
                if not request.htmx:
                    return _back(booking, "#messages")
                form = MessageForm()
        else:
            status = 422
    if not request.htmx:
        if request.method == "POST":
            return render(request, DETAIL_TEMPLATE, _detail_context(request, booking, message_form=form), status=status)
        return _back(booking, "#messages")
    # Polling redraws only the list, so a message being typed is never lost; a post redraws
    # the list and the (emptied, or with its error) form.
    partial = "thread" if request.method == "POST" else "message-list"
    return render(request, f"{DETAIL_TEMPLATE}#{partial}",
                  {"booking": booking, "thread": selectors.messages_for(booking=booking), "message_form": form},
                  status=status)


@with_booking
@require_POST
@rate_limited("attachment")
def attachment_add(request, booking):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(actor=request.user, booking=booking, upload=form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file was added."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
    return _back(booking, "#files")


@login_required
def attachment_open(request, pk, attachment_pk):
    attachment = selectors.attachment_for_viewer(user=request.user, booking_pk=pk, pk=attachment_pk)
    return private_file_response(attachment.file, content_type=attachment.content_type,
                                 filename=download_name(attachment.original_name.rsplit(".", 1)[0],
                                                        attachment.content_type))


@with_booking
def calendar_file(request, booking):
    if booking.status not in calendar.CALENDAR_STATUSES:
        raise Http404
    response = HttpResponse(calendar.booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="valund-booking-{booking.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


