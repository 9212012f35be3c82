from django.core.cache import cache

DIRECTORY_URL_CACHE_KEY = "pages:directory-url"


def directory_url() -> str:
    """The path of the live freelancer directory page (normally /freelancers/).

    Cached because every profile link needs it; pages.receivers clears it when pages change."""
    url = cache.get(DIRECTORY_URL_CACHE_KEY)
    if url is None:
        from .models import FreelancerDirectoryPage

        page = FreelancerDirectoryPage.objects.live().first()
        url = page.url if page is not None else "/freelancers/"
        cache.set(DIRECTORY_URL_CACHE_KEY, url, 300)
    return url


def clear_directory_url() -> None:
    cache.delete(DIRECTORY_URL_CACHE_KEY)
