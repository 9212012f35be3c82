"""Rating pages: a booking's reviews for its two parties (write, change until the reveal, read),
a member's public reviews page by page, answering and reporting a review, and the member's own
reviews. The rules are services.py's and rules.py's; these views parse, call and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error
from marketplace.core.ratelimit import rate_limited

from . import rules, selectors, services
from .forms import FlagForm, RatingForm, ResponseForm

BOOKING_TEMPLATE = "marketplace/ratings/booking.html"
REVIEWS_TEMPLATE = "marketplace/ratings/reviews.html"
MINE_TEMPLATE = "marketplace/ratings/mine.html"
MINE_PER_PAGE = 20


def _saved_message(rating, other_name: str) -> str:
    if rating.revealed_at is not None:
        return _("Thank you. Both reviews are now visible to you both.")
    closes = formats.date_format(timezone.localtime(rules.window_closes(rating.booking)), "j F Y")
    return _("Thank you. Your review will be shown when %(name)s has written theirs, or on %(date)s; you can "
             "change it until then.") % {"name": other_name, "date": closes}


@login_required
@require_http_methods(["GET", "POST"])
def booking(request, pk):
    booking = selectors.booking_for_rating(user=request.user, pk=pk)
    state = selectors.booking_ratings(booking=booking, user=request.user)
    form, status = None, 200
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                if state.mine is None:
                    rating = services.rating_submit(author=request.user, booking=booking, **form.service_kwargs())
                    success = _saved_message(rating, state.other.profile.display_name)
                else:
                    services.rating_edit(author=request.user, rating=state.mine, **form.service_kwargs())
                    success = _("Your changes are saved.")
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, success)
                return redirect("ratings:booking", pk=booking.pk)
        status = 422
    elif state.can_write:
        form = RatingForm.for_rating(state.mine) if state.mine else RatingForm()
    return render(request, BOOKING_TEMPLATE, {"booking": booking, "state": state, "form": form}, status=status)


@require_GET
@vary_on_headers("HX-Request")
def reviews(request, slug):
    """A member's public reviews, one page at a time: for htmx the next reviews and the button
    that loads the ones after them, else the whole page (the plain links without JavaScript)."""
    profile = selectors.reviewed_profile_get(slug=slug)
    review_page = selectors.public_reviews(subject_id=profile.user_id, viewer=request.user,
                                           page=selectors.page_number(request.GET.get("page")))
    context = {"profile": profile, "review_page": review_page}
    if request.htmx:
        return render(request, f"{REVIEWS_TEMPLATE}#review-items", context)
    context["summary"] = selectors.member_summary(user_id=profile.user_id)
    return render(request, REVIEWS_TEMPLATE, context)


def _back_to(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("ratings:mine")


def _answer(request, reload, *, error: str = "", success: str = ""):
    """After answering or reporting: the review redrawn with what happened (htmx), or back to
    the page the form was on with a message."""
    if request.htmx:
        return render(request, f"{REVIEWS_TEMPLATE}#review", {
            "rating": reload(), "notice": error or success, "notice_level": "error" if error else "success",
            "back": _back_to(request),
        }, status=422 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect(_back_to(request))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def respond(request, pk):
    rating = selectors.received_review_get(pk=pk, user=request.user)
    form = ResponseForm(request.POST)
    form.is_valid()
    try:
        services.rating_respond(author=request.user, rating=rating, text=form.cleaned_data.get("text", ""))
    except DomainError as exc:
        return _answer(request, lambda: rating, error=exc.message)
    return _answer(request, lambda: selectors.received_review_get(pk=pk, user=request.user),
                   success=_("Your answer is published under the review."))


@login_required
@require_POST
@rate_limited("flag")
@vary_on_headers("HX-Request")
def flag(request, pk):
    rating = selectors.public_review_get(pk=pk, viewer=request.user)
    form = FlagForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _answer(request, lambda: rating, error=first)
    try:
        services.rating_flag(member=request.user, rating=rating, **form.cleaned_data)
    except DomainError as exc:
        return _answer(request, lambda: rating, error=exc.message)
    return _answer(request, lambda: selectors.public_review_get(pk=pk, viewer=request.user),
                   success=_("Thank you: a moderator will look at the review."))


@login_required
@require_GET
def mine(request):
    show = request.GET.get("show")
    if show not in ("received", "written"):
        show = "received"
    reviews = (selectors.received_reviews if show == "received" else selectors.written_reviews)(user=request.user)
    return render(request, MINE_TEMPLATE, {
        "show": show,
        "reviews": Paginator(reviews, MINE_PER_PAGE).get_page(request.GET.get("page")),
        "to_rate": selectors.to_rate(user=request.user),
    })
