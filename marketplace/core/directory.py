"""The address of the freelancer directory, for every app below pages.

The directory is a Wagtail page that editors may move or rename, so only pages knows where it
is. Profile links (accounts), saved searches and their alerts (search) need the address, but
imports run one way and pages sits above them: pages hands its resolver to this module when it
starts (PagesConfig.ready), and everyone asks here."""

from collections.abc import Callable

_resolver: Callable[[], str] | None = None


def register_directory_resolver(resolver: Callable[[], str]) -> None:
    global _resolver
    _resolver = resolver


def directory_url(querystring: str = "") -> str:
    """The directory's path (normally /freelancers/), with `querystring` when there is one:
    the results of that search."""
    if _resolver is None:
        raise RuntimeError("The pages app has not registered the directory's address: is it installed?")
    url = _resolver()
    return f"{url}?{querystring}" if querystring else url
