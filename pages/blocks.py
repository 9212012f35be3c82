from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    image = ImageChooserBlock(required=False)
    primary_label = blocks.CharBlock(required=False, max_length=40)
    primary_url = blocks.CharBlock(required=False, max_length=200, help_text=_("A path such as /freelancers/"))
    secondary_label = blocks.CharBlock(required=False, max_length=40)
    secondary_url = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "title"
        template = "blocks/hero.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    label = blocks.CharBlock(max_length=40)
    url = blocks.CharBlock(max_length=200)

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


class FeaturedFreelancersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Featured freelancers"))
    profiles = blocks.ListBlock(SnippetChooserBlock("accounts.Profile"), min_num=1, max_num=12)

    class Meta:
        icon = "user"
        template = "blocks/featured_freelancers.html"


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], template="blocks/rich_text.html"
    )
    call_to_action = CallToActionBlock()
    skill_categories = SkillCategoryGridBlock()
    featured_freelancers = FeaturedFreelancersBlock()
