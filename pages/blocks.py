import re

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from marketplace.core.directory import directory_url
from marketplace.ratings import selectors as rating_selectors
from marketplace.search import selectors as search_selectors
from marketplace.search.forms import SearchForm, from_querystring, to_querystring, with_changes
from marketplace.search.presentation import cards, search_url

from .selectors import skill_categories_with_counts

# What a provider's player may carry that the page refuses: the obsolete frameborder (the Nu
# checker's error) and inline styles (the CSP's).
UNWANTED_PLAYER_ATTRIBUTES = re.compile(r'\s+(?:frameborder|style)="[^"]*"', re.IGNORECASE)
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


def image_alt(image, *, decorative: bool) -> str:
    """The text that stands for an image: the image's own description (Images → the image →
    Description, written once for every page that shows it), its title when it has none; empty
    only for an image the editor marked decorative."""
    if image is None or decorative:
        return ""
    return (getattr(image, "description", "") or image.title).strip()


def _refuse_undescribed_image(value, errors: dict) -> None:
    image = value.get("image")
    if image is not None and not value.get("decorative") and not (getattr(image, "description", "") or "").strip():
        errors["image"] = ValidationError(_(
            "This image has no description. Describe it in Images (the text read out in its place), "
            "or tick “Decorative” if it adds nothing a reader needs."
        ))


class ChosenLinkMixin(LinkFieldsMixin):
    """A link given as a chosen page (which follows the page when it moves or is renamed) or,
    for an address outside the site, typed; `link_pairs` names each (page, address) pair."""

    link_pairs = ()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for page_field, url_field, required in self.link_pairs:
            if value.get(page_field) and (value.get(url_field) or "").strip():
                errors[url_field] = ValidationError(_("Choose a page or type an address, not both."))
            elif required and not value.get(page_field) and not (value.get(url_field) or "").strip():
                errors[page_field] = ValidationError(_("Choose the page to link to, or type an address."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


def link_href(page, url: str, request=None) -> str:
    """A chosen page's current address (or "" when it is no longer live), else the typed one."""
    if page is not None:
        return (page.get_url(request) or "") if page.live else ""
    return (url or "").strip()


class HeroBlock(ChosenLinkMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    image = ImageChooserBlock(
        required=False,
        help_text=_("Cropped around the image's focal point to fit every screen; its description is its alt text."),
    )
    decorative = blocks.BooleanBlock(
        required=False, label=_("Decorative"),
        help_text=_("Tick when the image adds nothing a reader needs: screen readers then skip it."),
    )
    primary_label = blocks.CharBlock(required=False, max_length=40)
    primary_page = blocks.PageChooserBlock(
        required=False, help_text=_("The page the main button opens; the link follows the page when it moves."),
    )
    primary_url = blocks.CharBlock(
        required=False, max_length=200,
        help_text=_("Or an address: a path such as /en/freelancers/?q=welder, or a full https:// address."),
    )
    secondary_label = blocks.CharBlock(required=False, max_length=40)
    secondary_page = blocks.PageChooserBlock(required=False)
    secondary_url = blocks.CharBlock(required=False, max_length=200)

    link_fields = ("primary_url", "secondary_url")
    link_pairs = (("primary_page", "primary_url", False), ("secondary_page", "secondary_url", False))

    class Meta:
        icon = "title"
        template = "blocks/hero.html"
        description = _("The big heading at the top of a page, with an optional picture and up to two buttons.")
        preview_value = {
            "heading": _("Skilled hands, verified papers"),
            "text": _("Hire welders, electricians and developers whose certificates we have checked."),
            "primary_label": _("Find freelancers"), "primary_url": "/",
        }

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        _refuse_undescribed_image(value, errors)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["alt"] = image_alt(value.get("image"), decorative=value.get("decorative"))
        context["primary_href"] = link_href(value.get("primary_page"), value.get("primary_url"), request)
        context["secondary_href"] = link_href(value.get("secondary_page"), value.get("secondary_url"), request)
        return context


class CallToActionBlock(ChosenLinkMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    label = blocks.CharBlock(max_length=40, help_text=_("The button's words, e.g. “Find a welder”."))
    page = blocks.PageChooserBlock(
        required=False, help_text=_("The page the button opens; the link follows the page when it moves."),
    )
    url = blocks.CharBlock(
        required=False, max_length=200,
        help_text=_("Or, instead of a page, an address: a path with a search such as /en/freelancers/?q=welder, "
                    "or a full https:// address outside Valund."),
    )

    link_fields = ("url",)
    link_pairs = (("page", "url", True),)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        description = _("A short invitation with one button to a page of the site or an address outside it.")
        preview_value = {
            "heading": _("Offer your skills"), "text": _("Join as a freelancer and show your verified papers."),
            "label": _("Join Valund"), "url": "/",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["href"] = link_href(value.get("page"), value.get("url"), (parent_context or {}).get("request"))
        return context


class ImageBlock(blocks.StructBlock):
    """A picture in the text, as wide as the text, cropped around its focal point."""

    image = ImageChooserBlock(help_text=_("Its description (in Images) is read out in its place."))
    caption = blocks.CharBlock(required=False, max_length=250, help_text=_("Shown under the image."))
    decorative = blocks.BooleanBlock(
        required=False, label=_("Decorative"),
        help_text=_("Tick when the image adds nothing a reader needs: screen readers then skip it."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")
        description = _("A picture with an optional caption, sized for every screen and cropped around its focal "
                        "point.")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        _refuse_undescribed_image(value, errors)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["alt"] = image_alt(value.get("image"), decorative=value.get("decorative"))
        return context


class EmbedMediaBlock(blocks.StructBlock):
    """A video from YouTube or Vimeo, the providers the site's content security policy lets a page
    frame (settings WAGTAILEMBEDS_FINDERS and the CSP's frame-src)."""

    video = EmbedBlock(help_text=_("The video's address on YouTube or Vimeo, e.g. https://www.youtube.com/watch?v=…"))
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        label = _("Video")
        description = _("A YouTube or Vimeo video shown in the page.")

    def get_context(self, value, parent_context=None):
        """The provider's player, minus the attributes the page refuses (the CSS draws and sizes
        it) and with a title for screen readers; a plain link to the video when the provider cannot be
        reached or no longer knows it."""
        context = super().get_context(value, parent_context=parent_context)
        video = value["video"]
        try:
            embed = get_embed(video.url) if video else None
        except EmbedException:
            embed = None
        html = UNWANTED_PLAYER_ATTRIBUTES.sub("", embed.html) if embed and embed.html else ""
        if html and " title=" not in html:
            html = html.replace("<iframe", f'<iframe title="{escape(embed.title or _("Video"))}"', 1)
        context["embed_html"] = mark_safe(html)  # noqa: S308 - the provider's player, from the allowed providers only
        context["title"] = embed.title if embed else ""
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Who said it, e.g. “Anna Berg, site manager at Bygg AB”."),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")
        description = _("Someone's words set apart from the text, with who said them.")
        preview_value = {
            "quote": _("We found a certified welder for the bridge in two days."),
            "attribution": _("Anna Berg, site manager"),
        }


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")
        description = _("Rows and columns, e.g. rates or a checklist; give it a caption and a header row.")
        preview_value = {
            "first_row_is_table_header": True, "first_col_is_header": False,
            "table_caption": _("Day rates"),
            "data": [[_("Trade"), _("Day rate")], [_("Welder"), "4 200 SEK"], [_("Electrician"), "4 600 SEK"]],
        }


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


class BodyTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], **kwargs)

    class Meta:
        template = "blocks/rich_text.html"
        label = _("Text")
        description = _("Paragraphs with headings, lists and links.")
        preview_value = _("<h2>Why Valund</h2><p>Every certificate is <b>checked</b> before it shows.</p>")


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = BodyTextBlock()
    image = ImageBlock()
    embed = EmbedMediaBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
    call_to_action = CallToActionBlock()
    skill_categories = SkillCategoryGridBlock()
    featured_freelancers = FeaturedFreelancersBlock()
    live_search = LiveSearchBlock()
    featured_reviews = FeaturedReviewsBlock()


class ArticleBodyBlock(blocks.StreamBlock):
    """An article's text: what a guide needs, without the home page's blocks of freelancers."""

    rich_text = BodyTextBlock()
    image = ImageBlock()
    embed = EmbedMediaBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
    call_to_action = CallToActionBlock()


class FooterLinkBlock(blocks.StructBlock):
    """A page the footer links to, chosen rather than typed, so the link follows the page."""

    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(required=False, max_length=60, help_text=_("Empty: the page's title."))

    class Meta:
        icon = "link"
        label = _("Link")
