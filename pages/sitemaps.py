"""/sitemap.xml: every live public page of the site in each of its languages, and every public
freelancer profile, at their addresses on the site's public origin (settings.SITE_URL, as the
canonical links; the Site record may name localhost)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.models import Page

from marketplace.accounts.models import Profile

from . import seo
from .models import FreelancerDirectoryPage


class CanonicalSitemap(Sitemap):
    """Wagtail's sitemap with locations from `location(item)`, already absolute."""

    def _urls(self, page, protocol, domain):
        return [{"item": item, "location": self.location(item), "lastmod": self.lastmod(item)}
                for item in self.paginator.page(page).object_list]


class PageSitemap(CanonicalSitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        trees = Q()
        for root in roots:
            trees |= Q(path__startswith=root.path)
        return (Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific())

    def location(self, obj):
        return seo.canonical_url(obj, self.request)


class ProfileSitemap(CanonicalSitemap):
    """The public profiles, under the directory of the site's own language."""

    def items(self):
        return Profile.objects.for_public_display().only("slug", "updated_at").order_by("pk")

    def location(self, obj):
        return self.directory_url + self.directory.reverse_subpage("profile", kwargs={"slug": obj.slug})

    def lastmod(self, obj):
        return obj.updated_at

    @property
    def directory(self):
        if not hasattr(self, "_directory"):
            root = self.get_wagtail_site().root_page
            self._directory = FreelancerDirectoryPage.objects.live().descendant_of(root).first()
        return self._directory

    @property
    def directory_url(self) -> str:
        return seo.canonical_url(self.directory, self.request)


def sitemaps(request) -> dict:
    sections = {"pages": PageSitemap}
    if FreelancerDirectoryPage.objects.live().exists():
        sections["freelancers"] = ProfileSitemap
    return sections


def sitemap_view(request):
    """/sitemap.xml: the pages and, when the directory is live, the public profiles."""
    return sitemap(request, sitemaps=sitemaps(request))
