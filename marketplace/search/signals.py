"""What the search services tell the background work, sent after commit. receivers.py hands
each to its task, so the services never import the tasks that call them."""

from django.dispatch import Signal

# saved_search_id, profile_ids: a saved search's alert was decided and waits to be emailed.
alert_decided = Signal()

# changed: the daily refresh of the ranking's static scores reordered results (sent after
# commit); the pages that list freelancers in ranked order are retired (pages.receivers).
ranking_refreshed = Signal()
