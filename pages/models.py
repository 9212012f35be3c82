from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from marketplace.accounts import selectors as account_selectors
from marketplace.core.ratelimit import rate_limited
from marketplace.passport import selectors as passport_selectors
from marketplace.ratings import selectors as rating_selectors
from marketplace.search import selectors as search_selectors
from marketplace.search.forms import SearchForm, to_querystring
from marketplace.search.presentation import ResultsPage, is_landing_page, is_plain_search
from marketplace.search.query import SearchParams

from . import seo
from .blocks import ArticleBodyBlock, BodyBlock, FooterLinkBlock
from .form_page import FormField, FormPage  # noqa: F401 -- models of this app, in their own module


class HomePage(Page):
    """The site's front page: a StreamField that editors compose from hero, text, calls to
    action, the skill-category grid and hand-picked featured freelancers."""

    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.StandardPage", "pages.FreelancerDirectoryPage", "pages.ArticleIndexPage", "pages.FormPage"]
    max_count = 1


class StandardPage(Page):
    """Editorial content: about, how it works, terms."""

    introduction = models.TextField(blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage", "pages.FormPage"]
    page_description = _("A page of text and blocks, such as About, How it works or Terms, or a landing page for a "
                         "trade or a city.")


class FreelancerDirectoryPage(RoutablePageMixin, Page):
    """The freelancer directory. Serves the list at its own URL and every public profile
    at <its url>/<slug>/, so profiles live in the page tree under the editors' intro."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    profiles_per_page = models.PositiveSmallIntegerField(default=24)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("profiles_per_page")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = _("The search for freelancers, with every public profile under it; one per language.")

    class Meta:
        verbose_name = _("freelancer directory")

    @path("")
    @rate_limited("search")
    def directory(self, request):
        """The search: the whole page, or for htmx the part that changed (the results as the
        filters change, the whole form after a link in the results); one URL either way."""
        form = SearchForm(request.GET)
        params = form.to_params()
        results = search_selectors.search(params, per_page=self.profiles_per_page)
        # Staff see the parts of each result's score (one more query, for them only).
        staff = getattr(request.user, "has_staff_powers", False)
        explanations = search_selectors.score_parts(results, params) if staff else None
        view = ResultsPage(
            base_url=self.get_url(request), form=form, params=params, results=results, explanations=explanations,
            origin=request.build_absolute_uri("/")[:-1],
        )
        canonical_url = seo.canonical_url(self, request)
        if is_landing_page(params):
            canonical_url = f"{canonical_url}?{to_querystring(SearchParams(category=params.category))}"
        template = None
        if request.htmx and not request.htmx.history_restore_request:
            partial = "search" if request.htmx.target == "search" else "results"
            template = f"pages/freelancer_directory_page.html#{partial}"
        response = self.render(
            request,
            template=template,
            context_overrides={
                "form": form, "params": params, "search": view, "results": results, "canonical_url": canonical_url,
            },
        )
        if request.htmx:
            # The address bar shows the canonical URL, not the form's every empty field.
            response["HX-Push-Url"] = view.url
        patch_vary_headers(response, ("HX-Request", "HX-Target", "HX-History-Restore-Request"))
        # The first page of a plain search is shared by caches (marketplace.core.pagecache); the
        # endless rest (radius, rates, later pages) is not worth keeping.
        response.public_page = is_plain_search(params)
        return response

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        profile = account_selectors.public_profile_get(slug=slug)
        canonical_url = seo.canonical_url(self, request) + self.reverse_subpage("profile",
                                                                                kwargs={"slug": profile.slug})
        image_url = request.build_absolute_uri(profile.avatar.url) if profile.avatar else ""
        credentials = passport_selectors.valid_documents_with_skills(owner=profile.user_id)
        evidence = passport_selectors.skill_evidence(credentials)
        return self.render(
            request,
            template="pages/freelancer_profile.html",
            context_overrides={
                "profile": profile,
                "skill_rows": [(user_skill, evidence.get(user_skill.skill_id)) for user_skill in profile.skills.all()],
                "credentials": credentials,
                "canonical_url": canonical_url,
                "image_url": image_url,
                "meta_description": seo.profile_meta_description(profile),
                "person_schema": seo.person_schema(
                    profile, url=canonical_url, image_url=image_url, credentials=credentials
                ),
                "summary": rating_selectors.member_summary(user_id=profile.user_id),
                "review_page": rating_selectors.public_reviews(subject_id=profile.user_id, viewer=request.user),
            },
        )


def _today():
    return timezone.localdate()


class ArticleIndexPage(Page):
    """Guides and articles ("Guides" in the menu): an introduction, then its live articles in
    the page's language, newest first, a page of them at a time (?page=2)."""

    introduction = models.TextField(
        _("introduction"), blank=True, max_length=500,
        help_text=_("A sentence or two above the list: what readers find here."),
    )
    articles_per_page = models.PositiveSmallIntegerField(
        _("articles per page"), default=12, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many articles one page of the list shows; the rest follow on further pages."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("articles_per_page")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ArticlePage"]
    page_description = _("A list of guides and articles, newest first; add the articles under it.")

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def articles(self):
        """The live, public articles under this index in its language, newest first."""
        return (
            ArticlePage.objects.child_of(self).live().public().filter(locale_id=self.locale_id)
            .select_related("listing_image").order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = Paginator(self.articles(), self.articles_per_page).get_page(request.GET.get("page"))
        return context


class ArticlePage(Page):
    """An article or guide: a dated text with its authors, an introduction, a picture for the
    list and a body of text, images, videos, quotes, tables and calls to action."""

    date = models.DateField(
        _("date"), default=_today,
        help_text=_("The date readers see; the list of articles is ordered by it, newest first."),
    )
    authors = models.CharField(
        _("authors"), max_length=200, blank=True,
        help_text=_("The byline as readers see it, e.g. “Anna Berg and Jonas Ek”. Empty: no byline."),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, max_length=500,
        help_text=_("A sentence or two under the title, also shown in the list of articles."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("listing image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The picture beside the article in the list, cropped around its focal point; its "
                    "description is its alt text."),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("authors")], heading=_("Byline")),
        FieldPanel("introduction"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("authors"), index.SearchField("introduction"), index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types = []
    page_description = _("A guide or article with its date and authors, listed by the article index above it.")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


@register_setting(icon="site")
class SiteFooter(BaseSiteSetting):
    """What the footer of every page says besides the standard pages (About, How it works,
    Terms): how to reach Valund and the links editors choose. Edited under Settings → Footer;
    saving it refreshes every cached page (receivers.py)."""

    email = models.EmailField(_("email"), blank=True, help_text=_("Shown as a link, e.g. hello@valund.se."))
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("As people dial it: +46 31 123 45 67."))
    address = models.TextField(_("address"), max_length=300, blank=True,
                               help_text=_("The postal address, one line per row."))
    links = StreamField([("link", FooterLinkBlock())], blank=True, use_json_field=True,
                        help_text=_("Further pages the footer links to, in this order. Pages moved or renamed keep "
                                    "their links."))

    panels = [
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
                        heading=_("Contact details")),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = _("footer")
