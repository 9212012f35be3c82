"""Hooks for the apps that build on ratings (search).

`rating_statistics_changed` is sent inside the transaction that changed a member's running
figures (a reveal, a moderator's decision, a recompute with fix), after the row is saved, so a
receiver's own writes commit or roll back with it. Argument: statistics (the RatingStatistics
row, with its bayesian_average and count)."""

from django.dispatch import Signal

rating_statistics_changed = Signal()
