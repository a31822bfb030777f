from django.urls import reverse

from tests.matrix import SECRET, STAFF, Case, staff_action
from webhooks import services
from webhooks.models import Delivery, EventType, Webhook


def extend_world(world):
    # The address is never called in the matrix: nothing runs the deliveries it records.
    webhook = Webhook.objects.create(
        url="https://hooks.example.org/plenary",
        description=f"Archive {SECRET}",
        events=list(EventType.values),
    )
    services.announce(event_type=EventType.PAPER_POSTED, object_key="paper:matrix", data={"title": SECRET})
    world["webhook"] = webhook
    world["webhook_delivery"] = Delivery.objects.get(webhook=webhook, event__object_key="paper:matrix")


def hook(name):
    return lambda w: reverse(f"webhooks:{name}", kwargs={"pk": w["webhook"].pk})


CASES = {
    "webhooks:list": Case(url=lambda w: reverse("webhooks:list"), expect=STAFF),
    "webhooks:create": Case(url=lambda w: reverse("webhooks:create"), expect=STAFF),
    "webhooks:detail": Case(url=hook("detail"), expect=STAFF),
    "webhooks:edit": Case(url=hook("edit"), expect=STAFF),
    "webhooks:rotate": Case(url=hook("rotate"), method="post", expect=staff_action(200)),
    "webhooks:test": Case(url=hook("test"), method="post", expect=staff_action()),
    "webhooks:delete": Case(url=hook("delete"), method="post", expect=staff_action()),
    "webhooks:retry": Case(
        url=lambda w: reverse("webhooks:retry", kwargs={"pk": w["webhook_delivery"].pk}),
        method="post",
        expect=staff_action(),
    ),
}

SECRET_PROBES = {
    "webhook page": hook("detail"),
    "webhook list": lambda w: reverse("webhooks:list"),
}
