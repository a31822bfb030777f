import logging
import os

from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("plenary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_restore_unacked = kombu_redis.QoS.restore_unacked


def _restore_unacked_unless_disconnected(self, client=None):
    """Work around kombu 5.7.0 stopping the worker when Redis restarts under a busy worker.

    When the connection is lost, kombu closes the transport (its `client` becomes None) before
    the channel puts back the messages of tasks still running (acks_late). Putting them back
    then fails with AttributeError "'NoneType' object has no attribute 'hostname'", which ends
    the worker with exit code 0. Here the messages are left in Redis's unacked set instead:
    kombu's `restore_visible` returns them to the queue after the visibility timeout, and the
    database scans (outbox, PDFs) do the work sooner anyway. The worker reconnects and goes on.
    """
    try:
        return _restore_unacked(self, client)
    except AttributeError as error:
        if "hostname" not in str(error):
            raise
        logger.warning(
            "Redis connection lost with %d unacknowledged task(s); left for redelivery", len(self._delivered)
        )
        self._delivered.clear()
        return None


kombu_redis.QoS.restore_unacked = _restore_unacked_unless_disconnected
