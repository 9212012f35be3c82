"""The site header's and footer's links: which one is current, and where the standard pages are."""

from django import template
from django.utils.safestring import mark_safe

from marketplace.core.directory import directory_url
from marketplace.core.site_pages import menu_links as site_menu_links
from marketplace.core.site_pages import site_page_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url: str):
    """{% aria_current url %} inside a link: aria-current="page" when it leads to the page being
    shown, "true" when the page is further down its section (a booking under Bookings)."""
    request = context.get("request")
    path = request.path if request else ""
    if path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def directory_link() -> str:
    """{% directory_link as url %}: the freelancer directory in the active language (/sv/frilansare/,
    /en/freelancers/ or wherever editors put it), not an old address that would redirect there."""
    return directory_url()


@register.simple_tag(takes_context=True)
def menu_links(context) -> list[tuple[str, str]]:
    """{% menu_links as links %}: the pages editors put in the menu ("Show in menus"), but the
    directory, which the header always links to as "Find freelancers"."""
    request = context.get("request")
    if request is None:
        return []
    directory = directory_url()
    return [(title, url) for title, url in site_menu_links(request) if url != directory]


@register.simple_tag(takes_context=True)
def footer_page_urls(context) -> dict[str, str]:
    """{% footer_page_urls as urls %}: urls.about, urls.how_it_works and urls.terms, where they exist."""
    request = context.get("request")
    return site_page_urls(request) if request is not None else {}
