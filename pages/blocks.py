from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from marketplace.core.directory import directory_url
from marketplace.ratings import selectors as rating_selectors
from marketplace.search import selectors as search_selectors
from marketplace.search.forms import SearchForm, from_querystring, to_querystring, with_changes
from marketplace.search.presentation import cards, search_url

from .selectors import skill_categories_with_counts

SAFE_LINK_PREFIXES = ("/", "#", "https://", "http://", "mailto:")


def _is_safe_link(url: str) -> bool:
    # "//host" is protocol-relative, i.e. another site; "javascript:" and friends never pass.
    return url.startswith(SAFE_LINK_PREFIXES) and not url.startswith("//")


class LinkFieldsMixin:
    """Refuses link targets other than site paths, http(s) and mailto, so an editor's typo or a
    pasted "javascript:" URL cannot end up in an href."""

    link_fields = ()

    def clean(self, value):
        value = super().clean(value)
        errors = {
            name: ValidationError(_("Enter a path such as /freelancers/ or a full https:// address."))
            for name in self.link_fields
            if value.get(name) and not _is_safe_link(value[name].strip())
        }
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class HeroBlock(LinkFieldsMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    image = ImageChooserBlock(required=False)
    primary_label = blocks.CharBlock(required=False, max_length=40)
    primary_url = blocks.CharBlock(required=False, max_length=200, help_text=_("A path such as /freelancers/"))
    secondary_label = blocks.CharBlock(required=False, max_length=40)
    secondary_url = blocks.CharBlock(required=False, max_length=200)

    link_fields = ("primary_url", "secondary_url")

    class Meta:
        icon = "title"
        template = "blocks/hero.html"


class CallToActionBlock(LinkFieldsMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    label = blocks.CharBlock(max_length=40)
    url = blocks.CharBlock(max_length=200)

    link_fields = ("url",)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"


class SkillCategoryGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Find skills by trade"))
    categories = blocks.ListBlock(
        SnippetChooserBlock("accounts.SkillCategory"),
        help_text=_("Leave empty to show every category."),
        required=False,
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/skill_category_grid.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        ids = [category.pk for category in value["categories"] if category is not None]
        context["categories"] = skill_categories_with_counts(ids)
        context["directory_url"] = directory_url()
        return context


class FeaturedFreelancersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Featured freelancers"))
    profiles = blocks.ListBlock(SnippetChooserBlock("accounts.Profile"), min_num=1, max_num=12)

    class Meta:
        icon = "user"
        template = "blocks/featured_freelancers.html"

    def get_context(self, value, parent_context=None):
        # The chosen profiles are fetched again with what a card shows (the search's cards:
        # rating, verified skills), in three queries however many; any that are no longer
        # public (hidden, unverified, deleted) drop out.
        context = super().get_context(value, parent_context=parent_context)
        context["cards"] = cards(search_selectors.card_profiles(
            [profile.pk for profile in value["profiles"] if profile is not None]
        ))
        return context


class FeaturedReviewsBlock(blocks.StructBlock):
    """The newest reviews editors have featured (in the admin, under Reviews), with the
    freelancer they are about: public, still visible, of freelancers whose profile is public."""

    heading = blocks.CharBlock(max_length=120, default=_("What clients say"))
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=3, help_text=_("How many reviews to show."))
    category = SnippetChooserBlock(
        "accounts.SkillCategory", required=False,
        help_text=_("Only reviews of work in this trade: the booking's skills, or the freelancer's when the "
                    "booking names none. Empty: all featured reviews."),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/featured_reviews.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["reviews"] = rating_selectors.featured_reviews(count=value["count"], category=value["category"])
        # Visitors see nothing of an empty block; the editor previewing the page is told why.
        context["is_preview"] = getattr((parent_context or {}).get("request"), "is_preview", False)
        return context


def _querystring_part(text: str) -> str:
    """What an editor pastes, a whole results address or only its filters, down to the filters."""
    text = text.strip().split("#", 1)[0]
    return text.split("?", 1)[1] if "?" in text else text


class LiveSearchBlock(blocks.StructBlock):
    """The current top matches of a search the editor describes, with a link to all of them
    on the results page: "Welders near Göteborg" on the home page stays up to date by itself."""

    heading = blocks.CharBlock(max_length=120)
    filters = blocks.CharBlock(
        required=False, max_length=1000,
        help_text=_(
            "The search, as in the address of the results page: search there, then paste the address "
            "or the part after “?”, e.g. q=welder&near=Göteborg&verified=on. Empty: the best matches of all."
        ),
    )
    count = blocks.IntegerBlock(min_value=3, max_value=12, default=6, help_text=_("How many freelancers to show."))

    class Meta:
        icon = "search"
        template = "blocks/live_search.html"

    def clean(self, value):
        """Refuses filters the results page would not apply in full (an unknown place, skill or
        trade, a bad number), and keeps them in their canonical form."""
        value = super().clean(value)
        form = SearchForm(QueryDict(_querystring_part(value["filters"] or "")))
        params = form.to_params()
        problems = [
            f"{form.fields[name].label or name}: {message}" if name in form.fields else str(message)
            for name, messages in [*form.errors.items(), *form.notes.items()]
            for message in messages
        ]
        if problems:
            raise StructBlockValidationError(block_errors={"filters": ValidationError(problems)})
        value["filters"] = to_querystring(with_changes(params))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        params = with_changes(from_querystring(value["filters"] or ""))
        results = search_selectors.search(params, per_page=value["count"])
        context["cards"] = cards(results.profiles, skill_slugs=set(params.skills))
        context["total"] = results.total
        context["see_all_url"] = search_url(directory_url(), params)
        return context


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], template="blocks/rich_text.html"
    )
    call_to_action = CallToActionBlock()
    skill_categories = SkillCategoryGridBlock()
    featured_freelancers = FeaturedFreelancersBlock()
    live_search = LiveSearchBlock()
    featured_reviews = FeaturedReviewsBlock()


class FooterLinkBlock(blocks.StructBlock):
    """A page the footer links to, chosen rather than typed, so the link follows the page."""

    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(required=False, max_length=60, help_text=_("Empty: the page's title."))

    class Meta:
        icon = "link"
        label = _("Link")
