"""The dashboard, composed from each app's own reads: the inbox (what waits for the member now,
counted, each a link to where it is done: the one booking or document when there is one, the
list when there are more), the getting-started checklist with how much of it is done, and what
the cards of the member's role show. Fixed query count, whatever the number of bookings, logs,
documents or ratings (tests/marketplace/dashboard/test_views.py)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts import selectors as accounts
from marketplace.accounts.models import User
from marketplace.bookings import selectors as bookings
from marketplace.core.directory import directory_url
from marketplace.notifications import selectors as notifications
from marketplace.passport import selectors as passport
from marketplace.payments import selectors as payments
from marketplace.ratings import selectors as ratings
from marketplace.search import selectors as search


@dataclass(frozen=True)
class Task:
    """One line of the inbox or the checklist: what to do, where, and (checklist) whether done."""

    label: str
    url: str
    detail: str = ""
    done: bool = False


@dataclass(frozen=True)
class Checklist:
    tasks: list[Task]

    @property
    def done(self) -> int:
        return sum(task.done for task in self.tasks)

    @property
    def complete(self) -> bool:
        return self.done == len(self.tasks)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks))


@dataclass
class Dashboard:
    role: str
    profile: object
    inbox: list[Task] = field(default_factory=list)
    checklist: Checklist | None = None
    bookings: dict = field(default_factory=dict)
    reviews: dict = field(default_factory=dict)
    visibility: accounts.Visibility | None = None
    documents: dict = field(default_factory=dict)
    payouts_ready: bool = False
    saved_searches: list = field(default_factory=list)
    find_url: str = ""


def _one_or_list(count: int, pk: int | None, one: str, many: str, args=()) -> str:
    """The page of the one item when there is one, else the list."""
    return reverse(one, args=[pk, *args]) if count == 1 and pk is not None else reverse(many)


def dashboard_for(user) -> Dashboard:
    profile = accounts.own_profile_get(user=user)
    board = Dashboard(role=user.role, profile=profile)
    if user.role not in (User.Role.FREELANCER, User.Role.CLIENT):
        return board
    board.bookings = bookings.dashboard_summary(user=user)
    board.reviews = ratings.dashboard(user=user)
    if user.role == User.Role.FREELANCER:
        board.documents = passport.documents_needing_action(owner=user)
        board.payouts_ready = payments.payouts_ready(user=user)
        board.visibility = accounts.profile_visibility(profile=profile)
        board.inbox = _freelancer_inbox(board)
    else:
        to_fund = payments.bookings_to_fund(user=user)
        board.saved_searches = search.saved_searches_of(user)[:5]
        board.find_url = directory_url()
        board.inbox = _client_inbox(board, to_fund)
    board.inbox += _shared_inbox(board, user)
    board.checklist = _checklist(board, accounts.profile_steps(profile=profile))
    return board


def _freelancer_inbox(board: Dashboard) -> list[Task]:
    summary, documents, tasks = board.bookings, board.documents, []
    if count := summary["to_answer"]:
        tasks.append(
            Task(
                ngettext("%(count)s booking request to answer", "%(count)s booking requests to answer", count)
                % {"count": count},
                _one_or_list(count, summary["to_answer_pk"], "bookings:detail", "bookings:index"),
                _("Accept or decline before the request expires."),
            )
        )
    if (summary["upcoming"] or summary["running"]) and not board.payouts_ready:
        tasks.append(
            Task(
                _("Set up payouts"),
                reverse("payments:payouts"),
                _("So that the money for your bookings can reach you."),
            )
        )
    needing = (documents["to_revise"] or 0) + (documents["expiring"] or 0)
    if needing:
        tasks.append(
            Task(
                ngettext("%(count)s passport document needs you", "%(count)s passport documents need you", needing)
                % {"count": needing},
                _one_or_list(needing, documents["first_pk"], "passport:detail", "passport:index"),
                _("A revision was asked for, or a certificate expires soon: upload a new version."),
            )
        )
    return tasks


def _client_inbox(board: Dashboard, to_fund: list) -> list[Task]:
    summary, tasks = board.bookings, []
    if count := len(to_fund):
        tasks.append(
            Task(
                ngettext("%(count)s booking to pay into escrow", "%(count)s bookings to pay into escrow", count)
                % {"count": count},
                _one_or_list(count, to_fund[0].pk, "bookings:detail", "bookings:index"),
                _("The work starts once the estimate is in escrow."),
            )
        )
    if count := summary["time_to_approve"]:
        tasks.append(
            Task(
                ngettext("%(count)s time log to approve", "%(count)s time logs to approve", count) % {"count": count},
                _one_or_list(summary["to_approve"], summary["to_approve_pk"], "bookings:timesheet", "bookings:index"),
            )
        )
    if count := summary["to_confirm"]:
        tasks.append(
            Task(
                ngettext("%(count)s job to confirm as done", "%(count)s jobs to confirm as done", count)
                % {"count": count},
                _one_or_list(count, summary["to_confirm_pk"], "bookings:detail", "bookings:index"),
            )
        )
    return tasks


def _shared_inbox(board: Dashboard, user) -> list[Task]:
    tasks = []
    if count := len(board.reviews["to_rate"]):
        first = board.reviews["to_rate"][0]
        closes = date_format(timezone.localtime(first.rating_closes), "DATE_FORMAT")
        if count == 1:
            detail = _("Rate %(name)s for “%(title)s” until %(date)s.") % {
                "name": first.other_party.profile.display_name,
                "title": first.title,
                "date": closes,
            }
        else:
            detail = _("The first can be rated until %(date)s.") % {"date": closes}
        tasks.append(
            Task(
                ngettext("%(count)s booking to rate", "%(count)s bookings to rate", count) % {"count": count},
                _one_or_list(count, first.pk, "ratings:booking", "ratings:mine"),
                detail,
            )
        )
    if count := notifications.unread_count(user=user):
        tasks.append(
            Task(
                ngettext("%(count)s unread notification", "%(count)s unread notifications", count) % {"count": count},
                reverse("notifications:index"),
            )
        )
    return tasks


def _checklist(board: Dashboard, steps: dict[str, bool]) -> Checklist:
    profile_url = reverse("accounts:profile_edit")
    tasks = [
        Task(
            _("Confirm your email address"),
            reverse("account_email"),
            _("Until then you cannot book, be booked, pay or upload documents."),
            steps["email"],
        )
    ]
    if board.role == User.Role.FREELANCER:
        tasks += [
            Task(_("Add a photo"), f"{profile_url}#id_avatar", done=steps["photo"]),
            Task(
                _("Write a headline and a few lines about your work"), f"{profile_url}#id_headline", done=steps["about"]
            ),
            Task(
                _("Choose the place you work from"),
                f"{profile_url}#id_place",
                _("Clients searching near it find you."),
                steps["place"],
            ),
            Task(_("Set your hourly rate"), f"{profile_url}#id_hourly_rate", done=steps["rate"]),
            Task(_("Add your skills"), reverse("accounts:skills"), done=steps["skills"]),
            Task(
                _("Upload a certificate or licence"),
                reverse("passport:upload"),
                _("Checked ones show as verified on your profile."),
                bool(board.documents["total"]),
            ),
            Task(_("Set up payouts"), reverse("payments:payouts"), done=board.payouts_ready),
        ]
    else:
        tasks += [
            Task(_("Add your company name"), f"{profile_url}#id_company_name", done=steps["company"]),
            Task(_("Choose your place"), f"{profile_url}#id_place", done=steps["place"]),
            Task(_("Find a freelancer and request a booking"), board.find_url, done=bool(board.bookings["made"])),
        ]
    return Checklist(tasks)
