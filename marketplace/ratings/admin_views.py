"""Reviews in the Wagtail admin: the moderation queue of flagged reviews, the screen where a
moderator hides, keeps or shows a review again, and the list where editors find good reviews to
feature on landing pages.

Only staff who may moderate (rules.can_moderate: the `ratings.change_rating` permission, which
the Moderators and Editors groups hold) reach these views; everyone else gets a 403. Every change
goes through services.moderation_decide or services.rating_feature; a DomainError they raise is
shown as an error message and nothing changes."""

import django_filters
from django import forms
from django.db.models import Count, F, Min, Prefetch, Q
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from marketplace.core.admin import CountedMenuItem, StaffPowerRequiredMixin
from marketplace.core.errors import DomainError

from . import rules, services
from .models import ModerationDecision, Rating, RatingFlag

Action = ModerationDecision.Action
OPEN = Q(flags__resolved_at__isnull=True)


class ModeratorRequiredMixin(StaffPowerRequiredMixin):
    staff_power_test = staticmethod(rules.can_moderate)


def reviews_with_flags():
    """Reviews with who wrote them, about whom, for which booking, and their flags counted and
    prefetched: a page of the list in a constant number of queries."""
    return (
        Rating.objects.select_related("author__profile", "subject__profile", "booking")
        .prefetch_related(Prefetch("flags", queryset=RatingFlag.objects.select_related("flagged_by__profile")))
        .annotate(open_flags=Count("flags", filter=OPEN), flag_count=Count("flags"),
                  first_open_flag=Min("flags__created_at", filter=OPEN), first_flag=Min("flags__created_at"))
    )


def open_flag_count() -> int:
    """Reviews with at least one open flag: the number in the menu."""
    return RatingFlag.objects.filter(resolved_at__isnull=True).values("rating").distinct().count()


def featurable(rating: Rating) -> bool:
    """What services.rating_feature accepts, to offer the button only where it can work: the
    rating comes annotated with its open flags (reviews_with_flags)."""
    return not rules.feature_refusal(rating, open_flags=rating.open_flags)


OPEN_FLAGS, FLAGGED, HIDDEN, FEATURED, TO_FEATURE = "", "flagged", "hidden", "featured", "reviews"


class ReviewFilterSet(WagtailFilterSet):
    show = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        empty_label=gettext_lazy("With open flags"),
        choices=[
            (FLAGGED, gettext_lazy("All flagged")),
            (HIDDEN, gettext_lazy("Hidden")),
            (FEATURED, gettext_lazy("Featured")),
            (TO_FEATURE, gettext_lazy("All public reviews of freelancers (to feature)")),
        ],
        method="filter_show",
        widget=forms.RadioSelect,
    )
    score = django_filters.ChoiceFilter(
        label=gettext_lazy("Overall score"),
        empty_label=gettext_lazy("Any"),
        choices=[("4", gettext_lazy("4 or 5")), ("5", gettext_lazy("5"))],
        method="filter_score",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Rating
        fields = []

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("show"):
            queryset = queryset.filter(open_flags__gt=0)
        return super().filter_queryset(queryset)

    def filter_show(self, queryset, name, value):
        if value == FLAGGED:
            return queryset.filter(flag_count__gt=0)
        if value == HIDDEN:
            return queryset.filter(hidden=True).order_by("-updated_at", "-pk")
        newest_first = queryset.for_public().exclude(text="").order_by("-revealed_at", "-pk")
        if value == FEATURED:
            return newest_first.filter(featured=True)
        return newest_first.filter(direction=Rating.Direction.OF_FREELANCER)

    def filter_score(self, queryset, name, value):
        return queryset.filter(overall__gte=int(value))


def review_url(rating) -> str:
    return reverse("rating_moderation:review", args=[rating.pk])


def review_status(rating) -> str:
    if rating.hidden:
        return _("Hidden")
    if rating.revealed_at is None:
        return _("Not revealed yet")
    labels = [_("Public") if rating.is_public else _("Private")]
    if rating.featured:
        labels.append(_("featured"))
    return ", ".join(labels)


class TemplateColumn(BaseColumn):
    """A column drawn by its own template, with the review as `rating`."""

    def __init__(self, name, *, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["rating"] = instance
        request = parent_context.get("request")
        if request is not None:
            context["csrf_token"] = get_token(request)
            context["next_url"] = request.get_full_path()
        context["featurable"] = featurable(instance)
        return context


class ReviewQueueView(ModeratorRequiredMixin, BaseListingView):
    """Flagged reviews, those with open flags first and the longest waiting first; 50 a page."""

    page_title = gettext_lazy("Reviews")
    header_icon = "openquote"
    index_url_name = "rating_moderation:index"
    index_results_url_name = "rating_moderation:index_results"
    filterset_class = ReviewFilterSet
    paginate_by = 50
    is_searchable = True
    search_backend_name = None
    search_fields = ["text", "subject__profile__display_name", "author__profile__display_name", "booking__title"]
    verbose_name = gettext_lazy("review")
    verbose_name_plural = gettext_lazy("reviews")

    @cached_property
    def columns(self):
        return [
            TitleColumn("text", label=pgettext_lazy("written review", "Review"), get_url=review_url,
                        accessor=lambda rating: Truncator(rating.text).chars(160) or _("(no text)")),
            Column("subject", label=pgettext_lazy("what it concerns", "About"),
                   accessor="subject.profile.display_name"),
            Column("author", label=gettext_lazy("By"), accessor="author.profile.display_name"),
            Column("booking", label=gettext_lazy("Booking"), accessor="booking.title"),
            TemplateColumn("scores", label=gettext_lazy("Scores"),
                           template_name="marketplace/ratings/admin/scores_cell.html"),
            TemplateColumn("flags", label=gettext_lazy("Flags"),
                           template_name="marketplace/ratings/admin/flags_cell.html"),
            Column("status", label=gettext_lazy("Status"), accessor=review_status),
            TemplateColumn("feature", label="", template_name="marketplace/ratings/admin/feature_cell.html"),
        ]

    def get_base_queryset(self):
        return reviews_with_flags().order_by(F("first_open_flag").asc(nulls_last=True),
                                             F("first_flag").asc(nulls_last=True), "pk")

    def filter_queryset(self, queryset):
        # A filter form that does not validate (a hand-edited URL) shows the default queue.
        if not (self.filters and self.filters.is_valid()):
            return queryset.filter(open_flags__gt=0)
        return super().filter_queryset(queryset)


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(Action.HIDE, Action.HIDE.label), (Action.KEEP, Action.KEEP.label),
                                        (Action.RESTORE, Action.RESTORE.label)])
    note = forms.CharField(required=False, max_length=services.MAX_NOTE)


class ReviewView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One review with its flags, its moderation history and what may be done with it."""

    template_name = "marketplace/ratings/admin/review.html"
    header_icon = "openquote"
    note = ""

    @cached_property
    def rating(self):
        rating = (reviews_with_flags().select_related("response")
                  .prefetch_related(Prefetch("decisions", queryset=ModerationDecision.objects.select_related(
                      "moderator__profile")))
                  .filter(pk=self.kwargs["pk"]).first())
        if rating is None:
            raise Http404
        return rating

    def get_page_title(self):
        return _("Review of %(name)s") % {"name": self.rating.subject.profile.display_name}

    def get_page_subtitle(self):
        return self.rating.booking.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("rating_moderation:index"), "label": _("Reviews")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rating = self.rating
        try:
            response = rating.response
        except Rating.response.RelatedObjectDoesNotExist:
            response = None
        subject_profile = rating.subject.profile
        context.update(
            rating=rating,
            scores=[(Rating._meta.get_field(dimension).verbose_name, value)
                    for dimension, value in rating.scores.items()],
            flags=list(rating.flags.all()),
            decisions=list(rating.decisions.all()),
            response=response,
            status=review_status(rating),
            subject_url=subject_profile.get_absolute_url() if subject_profile.is_public else None,
            note=self.note,
            can_hide=not rating.hidden,
            can_restore=rating.hidden,
            can_keep=not rating.hidden and rating.open_flags > 0,
            can_feature=featurable(rating) and not rating.featured,
            can_unfeature=rating.featured,
            next_url=review_url(rating),
        )
        return context


class DecideView(ReviewView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        self.note = request.POST.get("note", "")
        if not form.is_valid():
            messages.error(request, _("Choose hide, keep or show again; keep the note to %(limit)s characters.")
                           % {"limit": services.MAX_NOTE})
            return self.render_to_response(self.get_context_data())
        try:
            decision = services.moderation_decide(moderator=request.user, rating=self.rating,
                                                  action=form.cleaned_data["action"], note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
            self.__dict__.pop("rating", None)  # read again: someone else may have decided meanwhile
            return self.render_to_response(self.get_context_data())
        done = {
            Action.HIDE: _("The review of %(name)s is hidden and no longer counts in their rating."),
            Action.KEEP: _("The review of %(name)s is kept; its flags are closed."),
            Action.RESTORE: _("The review of %(name)s is shown again and counts in their rating."),
        }
        messages.success(request, done[decision.action] % {"name": self.rating.subject.profile.display_name})
        return redirect("rating_moderation:index")


class FeatureView(ReviewView):
    """Feature a review or stop featuring it, from the review screen or straight from the list;
    back to where the button was."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        featured = request.POST.get("featured") == "1"
        name = self.rating.subject.profile.display_name
        try:
            services.rating_feature(editor=request.user, rating=self.rating, featured=featured)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, (_("The review of %(name)s is featured: landing pages may show it.") if featured
                                       else _("The review of %(name)s is no longer featured.")) % {"name": name})
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            next_url = review_url(self.rating)
        return redirect(next_url)


class ReviewsMenuItem(CountedMenuItem):
    """Shown to moderators and editors, with the number of reviews with open flags."""

    allowed = staticmethod(rules.can_moderate)
    waiting = staticmethod(open_flag_count)


class RatingModerationViewSet(ViewSet):
    name = "rating_moderation"
    url_prefix = "ratings/reviews"
    icon = "openquote"
    menu_label = gettext_lazy("Reviews")
    menu_name = "rating-moderation"
    menu_order = 220
    add_to_admin_menu = True
    menu_item_class = ReviewsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReviewQueueView.as_view(), name="index"),
            path("results/", ReviewQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", ReviewView.as_view(), name="review"),
            path("<int:pk>/decide/", DecideView.as_view(), name="decide"),
            path("<int:pk>/feature/", FeatureView.as_view(), name="feature"),
        ]
