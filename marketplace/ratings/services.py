"""Every change to ratings and reviews. The rules:

- Only the two parties of a completed booking rate, each the other, once, within
  RATING_WINDOW_DAYS of completion. Scores are whole numbers from 1 to 5.
- Double-blind: a rating is revealed (to the other party and, if public, to everyone) when both
  have rated, or when the window closes (the periodic task). Before that its author may still
  change it; once revealed it cannot be edited.
- The rated member may answer a public review once. Any member may flag a public review once.
- Moderators hide or keep flagged reviews; editors feature reviews. Every decision is recorded.
- Statistics move in the same transaction as the reveal or decision (statistics.py).

Who may rate and until when, and who may moderate, are in rules.py, which selectors and views
read too."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Profile, User
from marketplace.bookings.models import Booking
from marketplace.core import dates
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.text import clean_text
from marketplace.notifications.models import Kind
from marketplace.notifications.services import notify

from . import statistics
from .models import DIMENSIONS, ModerationDecision, Rating, RatingFlag, RatingResponse
from .rules import can_moderate, feature_refusal, rating_refusal, window_closes

MAX_TEXT = 5000
MAX_NOTE = 2000
MAX_RESPONSE = 2000


def _clean_scores(scores: dict) -> dict[str, int]:
    cleaned = {}
    for dimension in DIMENSIONS:
        value = scores.get(dimension)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if str(number) != str(value).strip() or not 1 <= number <= 5:
            raise DomainError(_("Give %(dimension)s a score from 1 to 5.") % {"dimension": _(dimension)},
                              code=dimension)
        cleaned[dimension] = number
    return cleaned


def _name(user_id) -> str:
    return Profile.objects.filter(user_id=user_id).values_list("display_name", flat=True).first() or _("A member")


def _rate_url(booking: Booking) -> str:
    """The booking's rating page: both reviews, and the form while one can still rate."""
    return reverse("ratings:booking", args=[booking.pk])


def _reveal(rating: Rating, now) -> None:
    rating.revealed_at = now
    rating.save(update_fields=["revealed_at", "updated_at"])
    if not rating.hidden:
        statistics.apply(rating)
    notify(recipient=rating.subject, kind=Kind.RATING_RECEIVED, event_key=f"rating:{rating.pk}:revealed",
           title=lambda: _("%(name)s reviewed your work on “%(title)s”") % {"name": _name(rating.author_id),
                                                                      "title": rating.booking.title},
           url=_rate_url(rating.booking))


@transaction.atomic
def rating_submit(*, author: User, booking: Booking, scores: dict, text: str = "", private_note: str = "",
                  is_public: bool = True) -> Rating:
    """Rate the other party of a completed booking. Revealed at once if they have rated too."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    refusal = rating_refusal(author=author, booking=booking)
    if refusal:
        raise PermissionDenied(refusal, code="refused")
    values = _clean_scores(scores)
    text = clean_text(text, limit=MAX_TEXT, field="text", required=False)
    private_note = clean_text(private_note, limit=MAX_NOTE, field="private_note", required=False)
    subject_id = booking.freelancer_id if author.pk == booking.client_id else booking.client_id
    direction = Rating.Direction.OF_FREELANCER if author.pk == booking.client_id else Rating.Direction.OF_CLIENT
    if Rating.objects.filter(booking=booking, author=author).exists():
        raise DomainError(_("You have already rated this booking."), code="twice")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(booking=booking, author=author, subject_id=subject_id,
                                           direction=direction, text=text, private_note=private_note,
                                           is_public=bool(is_public), **values)
    except IntegrityError as exc:
        raise DomainError(_("You have already rated this booking."), code="twice") from exc
    other = Rating.objects.select_for_update().filter(booking=booking).exclude(pk=rating.pk).first()
    if other is not None:
        now = timezone.now()
        for each in (other, rating):
            if each.revealed_at is None:
                _reveal(each, now)
    else:
        notify(recipient=rating.subject, kind=Kind.RATING_REMINDER, event_key=f"booking:{booking.pk}:rated_by_other",
               title=lambda: _("%(name)s has reviewed “%(title)s”: write yours to see it") % {
                   "name": _name(author.pk), "title": booking.title},
               body=lambda: _("Reviews are shown when both of you have written one, or when the time to rate ends."),
               url=_rate_url(booking))
    return rating


@transaction.atomic
def rating_edit(*, author: User, rating: Rating, scores: dict, text: str = "", private_note: str = "",
                is_public: bool = True) -> Rating:
    """Change one's own rating while it is still hidden from the other side."""
    rating = Rating.objects.select_for_update().select_related("booking").get(pk=rating.pk)
    if rating.author_id != author.pk:
        raise PermissionDenied(_("You can only change your own review."))
    if rating.revealed_at is not None:
        raise InvalidTransition(_("This review has been revealed and can no longer be changed."), code="revealed")
    refusal = rating_refusal(author=author, booking=rating.booking)
    if refusal:
        raise PermissionDenied(refusal, code="refused")
    for dimension, value in _clean_scores(scores).items():
        setattr(rating, dimension, value)
    rating.text = clean_text(text, limit=MAX_TEXT, field="text", required=False)
    rating.private_note = clean_text(private_note, limit=MAX_NOTE, field="private_note", required=False)
    rating.is_public = bool(is_public)
    rating.save()
    return rating


@transaction.atomic
def rating_reveal_due(*, rating: Rating, now=None) -> bool:
    """The periodic task: the window closed with only one side having rated."""
    now = now or timezone.now()
    rating = Rating.objects.select_for_update().select_related("booking").get(pk=rating.pk)
    if rating.revealed_at is not None or now <= window_closes(rating.booking):
        return False
    _reveal(rating, now)
    return True


@transaction.atomic
def rating_respond(*, author: User, rating: Rating, text: str) -> RatingResponse:
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    if rating.subject_id != author.pk:
        raise PermissionDenied(_("Only the member who was reviewed can answer a review."))
    if rating.revealed_at is None or rating.hidden or not rating.is_public:
        raise DomainError(_("Only a public review can be answered."), code="not_public")
    text = clean_text(text, limit=MAX_RESPONSE, field="text", required_message=_("Write something first."))
    if RatingResponse.objects.filter(rating=rating).exists():
        raise DomainError(_("You have already answered this review."), code="twice")
    try:
        with transaction.atomic():
            return RatingResponse.objects.create(rating=rating, author=author, text=text)
    except IntegrityError as exc:
        raise DomainError(_("You have already answered this review."), code="twice") from exc


@transaction.atomic
def rating_flag(*, member: User, rating: Rating, reason: str, comment: str = "") -> RatingFlag:
    if not (member and member.is_authenticated):
        raise PermissionDenied(_("Log in to report a review."))
    if reason not in RatingFlag.Reason.values:
        raise DomainError(_("Choose why the review should be looked at."), code="reason")
    rating = Rating.objects.get(pk=rating.pk)
    if rating.revealed_at is None or rating.hidden or not rating.is_public:
        raise DomainError(_("Only a public review can be reported."), code="not_public")
    if rating.author_id == member.pk:
        raise DomainError(_("This is your own review: change it by contacting Valund."), code="own")
    comment = clean_text(comment, limit=500, field="comment", required=False)
    if RatingFlag.objects.filter(rating=rating, flagged_by=member).exists():
        raise DomainError(_("You have already reported this review; a moderator will look at it."), code="twice")
    try:
        with transaction.atomic():
            return RatingFlag.objects.create(rating=rating, flagged_by=member, reason=reason, comment=comment)
    except IntegrityError as exc:
        raise DomainError(_("You have already reported this review; a moderator will look at it."),
                          code="twice") from exc


@transaction.atomic
def moderation_decide(*, moderator: User, rating: Rating, action: str, note: str = "") -> ModerationDecision:
    """Hide a review (it stops counting and showing), keep it, or show a hidden one again.
    Open flags are closed by the decision."""
    if not can_moderate(moderator):
        raise PermissionDenied(_("Only moderators may do this."))
    note = clean_text(note, limit=MAX_NOTE, field="note", required=False)
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    Action = ModerationDecision.Action
    if action == Action.HIDE:
        if rating.hidden:
            raise InvalidTransition(_("This review is already hidden."), code="hidden")
        if not note:
            raise DomainError(_("Say why the review is hidden (the note is kept for the record)."), code="note")
        rating.hidden, rating.featured = True, False
        rating.save(update_fields=["hidden", "featured", "updated_at"])
        if rating.revealed_at is not None:
            statistics.unapply(rating)
    elif action == Action.RESTORE:
        if not rating.hidden:
            raise InvalidTransition(_("This review is not hidden."), code="shown")
        rating.hidden = False
        rating.save(update_fields=["hidden", "updated_at"])
        if rating.revealed_at is not None:
            statistics.apply(rating)
    elif action != Action.KEEP:
        raise DomainError(_("Choose hide, keep or show again."), code="action")
    RatingFlag.objects.filter(rating=rating, resolved_at__isnull=True).update(resolved_at=timezone.now())
    return ModerationDecision.objects.create(rating=rating, moderator=moderator, action=action, note=note)


@transaction.atomic
def rating_feature(*, editor: User, rating: Rating, featured: bool) -> ModerationDecision:
    if not can_moderate(editor):
        raise PermissionDenied(_("Only editors and moderators may feature reviews."))
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    refusal = featured and feature_refusal(
        rating, open_flags=RatingFlag.objects.filter(rating=rating, resolved_at__isnull=True).count())
    if refusal:
        raise DomainError(refusal, code="not_featurable")
    rating.featured = featured
    rating.save(update_fields=["featured", "updated_at"])
    action = ModerationDecision.Action.FEATURE if featured else ModerationDecision.Action.UNFEATURE
    return ModerationDecision.objects.create(rating=rating, moderator=editor, action=action)


def remind_to_rate(*, booking: Booking, now=None) -> int:
    """Remind each party who has not rated yet, once, RATING_REMINDER_DAYS_BEFORE the window closes."""
    now = now or timezone.now()
    closes = window_closes(booking)
    if booking.status != Booking.Status.COMPLETED or closes is None or not now < closes:
        return 0
    rated = set(Rating.objects.filter(booking=booking).values_list("author_id", flat=True))
    sent = 0
    for user_id in (booking.client_id, booking.freelancer_id):
        if user_id in rated:
            continue
        sent += notify(recipient=User.objects.get(pk=user_id), kind=Kind.RATING_REMINDER,
                       event_key=f"booking:{booking.pk}:rating_reminder",
                       title=lambda: _("Rate “%(title)s” before %(date)s") % {
                           "title": booking.title, "date": dates.day(closes)},
                       url=_rate_url(booking)) is not None
    return sent
