"""Background work for search: the nightly analytics summary, the saved-search alerts, the
daily refresh of the ranking's stored static scores, and re-indexing the holders of a skill,
trade or document type whose names or synonyms an editor changed.

Huey checks crontabs in UTC: the static scores are refreshed at 00:15 UTC, the summary runs
at 00:30 UTC (after local midnight in Stockholm, summer and winter), alerts at 06:00 UTC
(07:00 or 08:00 in Stockholm), weekly ones on Mondays. Tasks take ids; the decisions are in services."""

import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import emails, selectors, services
from .models import SavedSearch

Frequency = SavedSearch.Frequency


@db_periodic_task(crontab(hour="0", minute="30"))
def summarise_searches() -> dict:
    """Nightly: summarise yesterday and its week into PopularSearch, drop searches past retention."""
    today = timezone.localdate()
    summary = services.popular_searches_aggregate(day=today - datetime.timedelta(days=1))
    summary["purged"] = services.searches_purge(today=today)
    return summary


@db_periodic_task(crontab(minute="*/5"))
def refresh_suggestions() -> int:
    """Every five minutes: the popular searches the search box suggests, counted ahead of the
    keystrokes that read them (selectors/suggest.py), and the skills' holders when due."""
    selectors.skill_holder_counts()
    return len(selectors.popular_queries(refresh=True))


@db_periodic_task(crontab(hour="0", minute="15"))
def refresh_static_scores() -> int:
    """Daily: the recency steps that passed since the entries were written (ranking.py)."""
    return services.refresh_static_scores()


@db_periodic_task(crontab(hour="0", minute="45"))
def refresh_search_words() -> int:
    """The words typos are corrected against, from the day's profiles."""
    return services.refresh_words()


@db_periodic_task(crontab(hour="6", minute="0"))
def send_daily_alerts() -> int:
    return _check_all(Frequency.DAILY)


@db_periodic_task(crontab(day_of_week="1", hour="6", minute="0"))
def send_weekly_alerts() -> int:
    return _check_all(Frequency.WEEKLY)


def _check_all(frequency: str) -> int:
    """One task per saved search: one slow or failing search does not hold up the others."""
    ids = selectors.saved_searches_due(frequency)
    for saved_search_id in ids:
        check_saved_search(saved_search_id)
    return len(ids)


@db_task()
def reindex_skill_holders(skill_id: int) -> int:
    """After an editor changed a skill's names or synonyms: rewrite its holders' entries, in batches."""
    return services.index_skill_holders(skill_id)


@db_task()
def reindex_category_holders(category_id: int) -> int:
    """After an editor changed a trade's names or synonyms: rewrite its holders' entries, in batches."""
    return services.index_category_holders(category_id)


@db_task()
def reindex_document_type_holders(template_id: int) -> int:
    """After an editor changed a document type's names or synonyms: rewrite the entries of
    everyone holding one, in batches."""
    return services.index_document_type_holders(template_id)


@db_task()
def check_saved_search(saved_search_id: int) -> int:
    return len(services.saved_search_check(saved_search_id=saved_search_id))


@db_task(retries=3, retry_delay=300)
def send_saved_search_alert(saved_search_id: int, profile_ids: list[int]) -> bool:
    """Notify the owner of the freelancers decided for this alert (emails.py); nothing when the
    search was deleted or switched off since, or when none of them is public any more."""
    saved_search = SavedSearch.objects.select_related("owner").filter(pk=saved_search_id).first()
    if saved_search is None or saved_search.frequency == Frequency.OFF:
        return False
    profiles = selectors.alert_profiles(profile_ids)
    if not profiles:
        return False
    return emails.notify_alert(saved_search, profiles, decided=profile_ids)
