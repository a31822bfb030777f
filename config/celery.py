import functools
import logging
import os

from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("plenary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _channel_closed(qos) -> bool:
    transport = getattr(qos.channel, "connection", None)
    return transport is None or transport.client is None


def _unless_channel_closed(method):
    """Work around kombu 5.7.0 stopping the worker when Redis restarts under a busy worker.

    When the connection to Redis is lost, kombu closes the old channel and its transport. A
    task still running (acks_late) then acknowledges its message on that closed channel, and
    the channel's restore of unacknowledged messages runs on it too; both fail with
    AttributeError ("'NoneType' object has no attribute 'client'" / "... 'hostname'"), which
    celery treats as unrecoverable: the worker shuts down with exit code 0. Here the call is
    skipped instead: the message stays in Redis's unacked set and kombu's `restore_visible`
    redelivers it after the visibility timeout (tasks are idempotent; the database scans do
    the work sooner anyway). The worker carries on with its new connection.
    """

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except AttributeError:
            if not _channel_closed(self):
                raise
            logger.warning(
                "Redis channel closed under %s; the message is left for redelivery", method.__name__
            )
            if method.__name__ == "restore_unacked":
                self._delivered.clear()  # kombu's restore_unacked_once asserts it is empty afterwards
            return None

    guarded.kombu_original = method
    return guarded


for _name in ("ack", "reject", "restore_unacked"):
    _method = getattr(kombu_redis.QoS, _name)
    if not hasattr(_method, "kombu_original"):  # once, even if this module is imported again
        setattr(kombu_redis.QoS, _name, _unless_channel_closed(_method))
