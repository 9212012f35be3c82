from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from marketplace.accounts.selectors import profiles_by_ids

from .selectors import directory_url, skill_categories_with_counts

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
        # The chosen profiles are fetched again as one list with their skills, and any that
        # are no longer public (hidden, unverified, deleted) drop out.
        context = super().get_context(value, parent_context=parent_context)
        context["profiles"] = profiles_by_ids([profile.pk for profile in value["profiles"] if profile is not None])
        return context


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], template="blocks/rich_text.html"
    )
    call_to_action = CallToActionBlock()
    skill_categories = SkillCategoryGridBlock()
    featured_freelancers = FeaturedFreelancersBlock()
