"""A saved search's alert, written here in its owner's language and delivered by notifications:
listed on the site, and emailed unless the member turned that kind of email off. The email
carries the search's own links: the search newest first, the saved searches page, and the
one-click unsubscribe that stops this search's emails only."""

from django.template.loader import render_to_string
from django.urls import reverse

from marketplace.accounts.locale import addressed_to
from marketplace.core.directory import directory_url
from marketplace.core.http import site_origin
from marketplace.notifications.models import Kind, Notification
from marketplace.notifications.services import notify

from . import forms, services
from .models import SavedSearch

ALERT_LISTED = 10  # freelancers named in one email; the rest are a link away
URL_MAX_LENGTH = Notification._meta.get_field("url").max_length


def notify_alert(saved_search: SavedSearch, profiles, *, decided: list[int]) -> bool:
    """Hand the alert listing `profiles` to notify(). `decided`: the ids saved_search_check
    decided on, which name the alert, so that a retried task notifies once. Returns whether
    it was new."""
    # Inside: the owner's language for the words and for the addresses (/sv/… or /en/…).
    with addressed_to(saved_search.owner):
        site = site_origin()
        unsubscribe_url = site + reverse("search:unsubscribe", args=[services.unsubscribe_token(saved_search)])
        newest = forms.with_changes(services.saved_search_params(saved_search), sort="newest")
        search_path = f"{directory_url()}?{forms.to_querystring(newest)}"
        context = {
            "saved_search": saved_search,
            "profiles": [(profile, site + profile.get_absolute_url()) for profile in profiles[:ALERT_LISTED]],
            "more": max(len(profiles) - ALERT_LISTED, 0),
            "count": len(profiles),
            "search_url": site + search_path,
            "manage_url": site + reverse("search:saved_list"),
            "unsubscribe_url": unsubscribe_url,
            "site_url": site,
        }
        subject = render_to_string("marketplace/search/email/alert_subject.txt", context).strip()
        body = render_to_string("marketplace/search/email/alert.txt", context)
    notification = notify(
        recipient=saved_search.owner, kind=Kind.SAVED_SEARCH_ALERT,
        event_key=f"saved_search:{saved_search.pk}:alert:{min(decided)}", title=subject,
        body=", ".join(profile.display_name for profile in profiles[:ALERT_LISTED]),
        # A search too long for the notification's link is reached from the saved searches page.
        url=search_path if len(search_path) <= URL_MAX_LENGTH else reverse("search:saved_list"),
        email_subject=subject, email_body=body, email_unsubscribe_url=unsubscribe_url,
    )
    return notification is not None
