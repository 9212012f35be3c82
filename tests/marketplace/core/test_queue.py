"""marketplace.core.queue.FailSoftRedisHuey against a real, private Redis that is stopped and
started again: a task enqueued after a saved action never fails the request while Redis is
down (it is logged at ERROR instead), and enqueueing works again when Redis is back."""

import logging
import uuid

import pytest
from django.db import transaction
from redis.exceptions import ResponseError

from marketplace.core.queue import FailSoftRedisHuey
from tests.production.private_services import private_redis  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(private_redis):  # noqa: F811
    huey = FailSoftRedisHuey(f"valund-test-{uuid.uuid4().hex}", url=private_redis.url, immediate=False)

    @huey.task()
    def send_email(notification_id):
        return notification_id

    huey.send_email = send_email
    return huey


def test_tasks_are_queued_while_redis_is_up(queue):
    queue.send_email(1)

    assert queue.pending_count() == 1


def test_a_task_after_a_saved_action_does_not_fail_it_while_redis_is_down(
    queue, private_redis, django_capture_on_commit_callbacks, caplog,  # noqa: F811
):
    private_redis.stop()
    ran = []

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        transaction.on_commit(lambda: queue.send_email(42))
        transaction.on_commit(lambda: ran.append("the request's next callback"))

    assert ran == ["the request's next callback"]
    lost = [record for record in caplog.records if record.name == "marketplace.core.queue"]
    assert len(lost) == 1 and lost[0].levelno == logging.ERROR
    assert "send_email" in lost[0].getMessage() and "(42,)" in lost[0].getMessage()


def test_queueing_works_again_when_redis_is_back(queue, private_redis):  # noqa: F811
    private_redis.stop()
    assert queue.send_email(1) is None

    private_redis.start()
    queue.send_email(2)

    assert queue.pending_count() == 1
    assert queue.dequeue().args == (2,)


def test_other_redis_errors_are_not_hidden(queue):
    """Only an unreachable Redis is an outage; a refused command (here: out of memory) is not."""
    queue.storage.conn.config_set("maxmemory", "1")
    queue.storage.conn.config_set("maxmemory-policy", "noeviction")

    with pytest.raises(ResponseError):
        queue.send_email(3)
