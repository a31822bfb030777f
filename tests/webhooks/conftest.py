import pytest

from tests.webhooks.receiver import Receiver
from webhooks.models import EventType, Webhook


@pytest.fixture
def receiver(settings):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = True
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def webhook(db, receiver, secretariat):
    return Webhook.objects.create(
        url=receiver.url,
        description="OAS Library archive",
        events=list(EventType.values),
        created_by=secretariat,
    )
