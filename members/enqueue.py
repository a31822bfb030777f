"""Queue a Celery task once the transaction commits, without ever failing the request.

The database is the record of work owed (outbox rows, PDFs marked as needing a render), and
beat scans find it every few seconds to minutes. Queueing a task is only a way to start
sooner, so when the broker (Redis) is unreachable the request still succeeds: the failure
is logged and the periodic scan does the work once Redis is back.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_now(task, *args, **kwargs) -> None:
    """Queue `task` at once (a view that wrote nothing); a broker outage is logged, not raised."""
    try:
        task.delay(*args, **kwargs)
    except Exception:
        if task.app.conf.task_always_eager:
            raise  # the task itself failed in this process: that is a bug to see, not an outage
        logger.exception("Could not queue %s; the periodic scan will do it", task.name)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
