"""Webhooks: integrators' HTTPS endpoints, the public events they asked for, and each delivery.

An Event exists once per (type, object): announcing the same paper twice records nothing new.
A Delivery is one event owed to one webhook, claimed by a worker under a lease like the outbox
(members.services), retried with back-off, and kept as the webhook's delivery log.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    PAPER_POSTED = "paper.posted", _("A public paper is posted")
    RELEASE_PUBLISHED = "release.published", _("A press release is published")
    DECISION_RECORDED = "decision.recorded", _("A decision enters the public register")


# Sent only by "send test event"; no webhook subscribes to it.
PING = "ping"


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class Webhook(models.Model):
    url = models.URLField(_("URL"), max_length=500, help_text=_("An HTTPS address on the public internet."))
    description = models.CharField(_("description"), max_length=200)
    events = models.JSONField(_("events"), default=list)
    # Kept to sign each delivery (HMAC needs it); shown to staff only when made.
    secret = models.CharField(_("signing secret"), max_length=80, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    secret_made_at = models.DateTimeField(_("secret made at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["description", "pk"]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("webhooks:detail", kwargs={"pk": self.pk})

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels[event]) for event in self.events if event in labels]


class Event(models.Model):
    id = models.UUIDField(_("event id"), primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=40)
    object_key = models.CharField(_("about"), max_length=100, help_text=_("For example paper:12."))
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["type", "object_key"], name="webhook_event_once")]

    def __str__(self):
        return f"{self.type} {self.object_key}"


class DeliveryQuerySet(models.QuerySet):
    def deliverable(self, *, now=None, stale_after=datetime.timedelta(minutes=1)):
        """Pending rows whose time has come, and 'sending' rows whose worker stopped renewing its lease."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - stale_after)
        )


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("event")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["webhook", "event"], name="webhook_delivery_once")]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="webhook_open_deliveries",
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.webhook} ({self.status})"
