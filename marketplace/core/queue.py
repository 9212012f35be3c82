"""Huey on Redis that does not turn a Redis outage into failed pages.

Tasks are enqueued after the request's transaction commits (transaction.on_commit): by then
the member's action is saved. If Redis is unreachable, RedisHuey's enqueue raises, the error
leaves the view after the commit and the member gets a 500 for an action that succeeded (and
may do it again); the other on_commit callbacks of the request are skipped too. Here the task
is logged at ERROR (so Sentry reports it, with its name and arguments' ids) and the request
carries on; what the task would have done is picked up by the periodic tasks where there is one
(docs/operations.md, "Outages"), or redone by hand from the log line."""

import logging

from huey import RedisHuey

from .cache import REDIS_DOWN

logger = logging.getLogger(__name__)


class FailSoftRedisHuey(RedisHuey):
    def enqueue(self, task):
        try:
            return super().enqueue(task)
        except REDIS_DOWN as exc:
            logger.error(
                "Task %s not queued, Redis is unreachable (%s): args %r, id %s",
                task.name, type(exc).__name__, task.args, task.id,
            )
            return None
