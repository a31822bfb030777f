"""Several workers scanning at once (PostgreSQL, SKIP LOCKED): each event reaches the receiver once."""

import threading

import pytest
from django.db import connections

from webhooks import services
from webhooks.models import Delivery, EventType


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_workers_scanning_at_once_deliver_each_event_once(webhook, receiver, monkeypatch):
    # Committed at once here, so the on-commit task would deliver them all before the workers start.
    monkeypatch.setattr(services, "enqueue_after_commit", lambda *args: None)
    for number in range(30):
        services.announce(
            event_type=EventType.PAPER_POSTED, object_key=f"paper:{number}", data={"id": number}
        )
    attempted = []

    def worker():
        try:
            attempted.append(services.deliver_due(batch_size=4))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(attempted) == 30
    event_ids = [request.headers["X-Plenary-Event-Id"] for request in receiver.received]
    assert len(event_ids) == len(set(event_ids)) == 30
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
