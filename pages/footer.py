"""The footer setting (models.SiteFooter) as the footer of every page shows it: plain strings,
kept in the cache per host and language with the header's and footer's page links, so the
footer costs no query on a warm cache (forgotten when the tree, a site or the setting changes)."""

from wagtail.models import Site

from marketplace.core.site_pages import FOOTER_CACHE_KEY, for_site

from .models import SiteFooter


def site_footer(request) -> dict:
    """{"email", "phone", "address", "links": [(label, url)]}, or {} when nothing is set."""

    def build() -> dict:
        site = Site.find_for_request(request)
        footer = SiteFooter.objects.filter(site=site).first() if site else None
        if footer is None:
            return {}
        links = [(block.value["label"] or page.title, page.get_url(request))
                 for block in footer.links if (page := block.value["page"]) is not None and page.live]
        return {"email": footer.email, "phone": footer.phone, "address": footer.address, "links": links}

    return for_site(FOOTER_CACHE_KEY, request, build)
