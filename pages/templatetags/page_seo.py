"""What base.html writes for search engines and link previews about a Wagtail page."""

from django import template

from pages import footer, seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_canonical_url(context, page) -> str:
    """{% page_canonical_url page %}: the view's own canonical address when it set one (the
    directory's landing pages, a profile), else the page's on the site's public origin."""
    return context.get("canonical_url") or seo.canonical_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def site_footer(context) -> dict:
    """{% site_footer as footer %}: the footer setting's contact details and links (footer.py)."""
    request = context.get("request")
    return footer.site_footer(request) if request is not None else {}
