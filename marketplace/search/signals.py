"""What the search services tell the background work, sent after commit. receivers.py hands
each to its task, so the services never import the tasks that call them."""

from django.dispatch import Signal

# saved_search_id, profile_ids: a saved search's alert was decided and waits to be emailed.
alert_decided = Signal()
