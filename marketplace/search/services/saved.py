"""Writes for saved searches and their email alerts.

What "new since the last alert" means
-------------------------------------
SavedSearchSeen holds, per saved search, every freelancer it has already reported, plus
those who matched when it was saved or when its alerts were switched back on (the member has
just seen those on the results page). An alert lists the freelancers who match the search
now and have no Seen row, and writes their rows. So each freelancer is sent at most once per
saved search, whatever made them match: a new member, a profile that gained the skill or
moved to the city, a hidden profile made public. A freelancer who stops matching and matches
again later is not sent again. A date watermark (joined or indexed after the last alert)
would miss the second and third cases, or send people again after every profile edit.

Matching runs the real search (selectors.search) with the saved parameters, newest members
first, and looks at the first MATCH_LIMIT; a freelancer who joined long ago and only now
matches a very broad search (more than MATCH_LIMIT matches) is not reported. That is the
price of a bounded, one-call check.

Why no alert is sent twice
--------------------------
`saved_search_check` locks the saved search's row, decides, writes the Seen rows and
last_alerted_at, and only when that commits enqueues the email (transaction.on_commit) with
the ids it decided on.
- Two workers checking the same search at once: the second waits for the lock, then finds
  the Seen rows: nothing new, no email. Where there is no row lock (SQLite serialises
  writers instead), the unique (saved_search, profile) constraint makes the second fail.
- A crash before the commit: nothing written, nothing sent; the next run decides again.
- A crash between the commit and the enqueue, or an email that still fails after Huey's
  retries: those freelancers count as sent and that alert is lost. At most once rather than
  at least once, on purpose: a missed alert costs little (the saved search still finds them),
  a duplicate teaches people to unsubscribe.
- A second run on the same day (or week, for weekly alerts) does nothing: a search is due
  only when it was last alerted before today (before this Monday).
The alert task re-reads the decided profiles and leaves out any no longer public; when none
is left, it sends nothing. Otherwise it hands the alert to notifications (emails.py), named by
the decision so that a retried task notifies once: it is listed on the member's notifications
page, and emailed unless they turned saved-search emails off there.

Unsubscribing needs no login: each email carries a token, the saved search's random key signed
with the date (django.core.signing, its own salt): it says nothing about the member or the
search, works for a year, and only ever turns that search's emails off."""

import dataclasses
import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError, PermissionDenied

from .. import forms, selectors
from ..models import SavedSearch, SavedSearchSeen
from ..query import SearchParams
from ..selectors.saved import alert_due_before
from ..signals import alert_decided

__all__ = [
    "MATCH_LIMIT", "MAX_PER_MEMBER", "NAME_MAX_LENGTH", "UNSUBSCRIBE_LINK_DAYS", "UNSUBSCRIBE_SALT",
    "canonical_querystring",
    "matching_profile_ids", "saved_search_check", "saved_search_create", "saved_search_delete",
    "saved_search_from_token", "saved_search_params", "saved_search_set_frequency", "saved_search_unsubscribe",
    "unsubscribe_token",
]

Frequency = SavedSearch.Frequency

MAX_PER_MEMBER = 25
MATCH_LIMIT = 200
UNSUBSCRIBE_SALT = "marketplace.search.saved-search.unsubscribe-key"
# What the links of the old kind were signed with; recognised only to answer them as expired.
OLD_UNSUBSCRIBE_SALT = "marketplace.search.saved-search.unsubscribe"
# An unsubscribe link works this long after its email; then the page says how to stop the emails.
UNSUBSCRIBE_LINK_DAYS = 365
NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length


def matching_profile_ids(params: SearchParams, *, limit: int = MATCH_LIMIT) -> list[int]:
    """The public profiles the search finds now, newest members first, at most `limit`.
    The one place alerts meet the engine."""
    results = selectors.search(dataclasses.replace(params, sort="newest", page=1), per_page=limit)
    return [profile.pk for profile in results.profiles]


def saved_search_params(saved_search: SavedSearch) -> SearchParams:
    return forms.from_querystring(saved_search.querystring)


def canonical_querystring(querystring: str) -> str:
    """The results page's querystring as forms.py writes it, always from page 1."""
    params = forms.from_querystring(querystring or "")
    return forms.to_querystring(dataclasses.replace(params, page=1))


def _default_name(params: SearchParams) -> str:
    """"welder · welding · Göteborg": the words, skills, trade and place of the search."""
    parts = [value for name, value in forms.to_items(params) if name in ("q", "skills", "category", "near")]
    return " · ".join(parts) or _("All freelancers")


def _mark_current_matches_seen(saved_search: SavedSearch) -> None:
    ids = matching_profile_ids(saved_search_params(saved_search))
    SavedSearchSeen.objects.bulk_create(
        [SavedSearchSeen(saved_search=saved_search, profile_id=pk) for pk in ids], ignore_conflicts=True
    )


def _check_frequency(frequency: str) -> None:
    if frequency not in Frequency.values:
        raise DomainError(_("Choose how often to email you: daily, weekly or never."), code="frequency")


def saved_search_create(*, owner, name: str, querystring: str, frequency: str) -> SavedSearch:
    """Save a member's search; saving the same search again renames it and sets its emails.

    The freelancers it finds now are marked as seen: the first alert reports only newcomers."""
    if not owner.email_verified:
        raise PermissionDenied(_("Confirm your email address before you save searches."), code="unverified")
    _check_frequency(frequency)
    canonical = canonical_querystring(querystring)
    name = ((name or "").strip() or _default_name(forms.from_querystring(canonical)))[:NAME_MAX_LENGTH]
    with transaction.atomic():
        existing = SavedSearch.objects.select_for_update().filter(owner=owner, querystring=canonical).first()
        if existing is not None:
            return _update(existing, name=name, frequency=frequency)
        if SavedSearch.objects.filter(owner=owner).count() >= MAX_PER_MEMBER:
            raise DomainError(
                _("You can keep %(count)s saved searches. Delete one you no longer need first.")
                % {"count": MAX_PER_MEMBER},
                code="limit",
            )
        try:
            with transaction.atomic():
                saved_search = SavedSearch.objects.create(
                    owner=owner, name=name, querystring=canonical, frequency=frequency
                )
        except IntegrityError:
            # The same search saved twice at once (a double-clicked button): keep the first.
            return _update(SavedSearch.objects.get(owner=owner, querystring=canonical), name=name,
                           frequency=frequency)
        _mark_current_matches_seen(saved_search)
    return saved_search


def _update(saved_search: SavedSearch, **changes) -> SavedSearch:
    switched_on = saved_search.frequency == Frequency.OFF and changes.get("frequency", Frequency.OFF) != Frequency.OFF
    for field, value in changes.items():
        setattr(saved_search, field, value)
    saved_search.save(update_fields=[*changes, "updated_at"])
    if switched_on:
        # Alerts report what is new from now on, not everything since they were switched off.
        _mark_current_matches_seen(saved_search)
    return saved_search


def _own(actor, saved_search_id: int) -> SavedSearch:
    """The actor's saved search, locked; anyone else's is refused as if it did not exist."""
    saved_search = SavedSearch.objects.select_for_update().filter(pk=saved_search_id, owner=actor).first()
    if saved_search is None:
        raise PermissionDenied(_("That saved search does not exist."), code="not_found")
    return saved_search


@transaction.atomic
def saved_search_set_frequency(*, actor, saved_search_id: int, frequency: str) -> SavedSearch:
    _check_frequency(frequency)
    saved_search = _own(actor, saved_search_id)
    if frequency == saved_search.frequency:
        return saved_search
    return _update(saved_search, frequency=frequency)


@transaction.atomic
def saved_search_delete(*, actor, saved_search_id: int) -> None:
    _own(actor, saved_search_id).delete()


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(saved_search: SavedSearch) -> str:
    """The saved search's random key, signed with the date: "key:date:signature"."""
    return _signer().sign(saved_search.unsubscribe_key)


def saved_search_from_token(token: str) -> SavedSearch:
    """The saved search a token names. DomainError "expired" for a token signed more than
    UNSUBSCRIBE_LINK_DAYS ago, or of the old kind that named the search and its owner (emails
    sent before the keys; they are not honoured, the member unsubscribes from the saved
    searches page instead); "token" for one that was not ours or was changed, or whose search
    is gone."""
    try:
        key = _signer().unsign(token, max_age=datetime.timedelta(days=UNSUBSCRIBE_LINK_DAYS))
    except signing.SignatureExpired:
        raise DomainError(_("This unsubscribe link has expired."), code="expired") from None
    except signing.BadSignature:
        if _is_old_token(token):
            raise DomainError(_("This unsubscribe link has expired."), code="expired") from None
        raise DomainError(_("This unsubscribe link is not valid."), code="token") from None
    saved_search = SavedSearch.objects.filter(unsubscribe_key=key).first()
    if saved_search is None:
        raise DomainError(_("This saved search no longer exists."), code="token")
    return saved_search


def _is_old_token(token: str) -> bool:
    try:
        signing.loads(token, salt=OLD_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError):
        return False
    return True


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> SavedSearch:
    """Turn off the emails of the saved search the token names. Idempotent."""
    saved_search = saved_search_from_token(token)
    saved_search = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
    if saved_search.frequency != Frequency.OFF:
        saved_search.frequency = Frequency.OFF
        saved_search.save(update_fields=["frequency", "updated_at"])
    return saved_search


def saved_search_check(*, saved_search_id: int, now: datetime.datetime | None = None) -> list[int]:
    """Decide one saved search's alert: the ids of the freelancers it reports (empty: no email).

    See the module's docstring for the rule and why it cannot send twice."""
    now = now or timezone.now()
    with transaction.atomic():
        # Only the saved search's row: its owner's stays free for logins while the search runs.
        saved_search = (
            SavedSearch.objects.select_for_update(of=("self",)).select_related("owner")
            .filter(pk=saved_search_id).first()
        )
        if saved_search is None or saved_search.frequency == Frequency.OFF:
            return []
        last = saved_search.last_alerted_at
        if last is not None and last >= alert_due_before(saved_search.frequency, now):
            return []
        owner = saved_search.owner
        if not (owner.is_active and owner.email_verified):
            return []
        matches = matching_profile_ids(saved_search_params(saved_search))
        seen = set(
            SavedSearchSeen.objects.filter(saved_search=saved_search, profile_id__in=matches)
            .values_list("profile_id", flat=True)
        )
        new = [pk for pk in matches if pk not in seen]
        if not new:
            return []
        SavedSearchSeen.objects.bulk_create(
            [SavedSearchSeen(saved_search=saved_search, profile_id=pk, created_at=now) for pk in new]
        )
        saved_search.last_alerted_at = now
        saved_search.save(update_fields=["last_alerted_at"])
        transaction.on_commit(
            lambda: alert_decided.send(sender=SavedSearch, saved_search_id=saved_search.pk, profile_ids=new)
        )
    return new
