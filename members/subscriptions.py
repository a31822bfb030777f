"""What each person wants to hear about each group, and how soon.

The model lives in members because every app emails through it; it stores the group's id,
not a foreign key, because groups sit above members. When a person has chosen nothing
for a group and kind, their role decides (DEFAULTS), so a new delegate hears about
meetings from the first day without visiting the preferences page.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRETARIAT = "Secretariat"  # members.permissions.SECRETARIAT; not imported, permissions imports models


class Subscription(models.Model):
    class Kind(models.TextChoices):
        MEETINGS = "meetings", _("Meeting notices")
        PAPERS = "papers", _("Papers")
        MINUTES = "minutes", _("Minutes")
        WORKPLANS = "workplans", _("Work plans and comment rounds")
        DECISIONS = "decisions", _("Decisions")
        PRESS = "press", _("Press releases")

    class Choice(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DIGEST = "digest", _("Daily digest")
        NONE = "none", _("Never")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("user"),
    )
    group_id = models.PositiveIntegerField(_("working group"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    choice = models.CharField(_("how"), max_length=10, choices=Choice)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "group_id", "kind"], name="subscription_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id} group {self.group_id} {self.kind}: {self.choice}"


NOW, D, N = Subscription.Choice.IMMEDIATE, Subscription.Choice.DIGEST, Subscription.Choice.NONE
K = Subscription.Kind
# Defaults when a person has no row: staff follow everything; delegates what their mission acts on.
DEFAULTS = {
    "staff": {K.MEETINGS: NOW, K.PAPERS: NOW, K.MINUTES: NOW, K.WORKPLANS: NOW, K.DECISIONS: NOW, K.PRESS: D},
    "delegate": {K.MEETINGS: NOW, K.PAPERS: D, K.MINUTES: NOW, K.WORKPLANS: NOW, K.DECISIONS: N, K.PRESS: N},
}


def default_choice(kind: str, *, is_staff: bool) -> str:
    return DEFAULTS["staff" if is_staff else "delegate"][kind]


def effective_choices(users, *, group_id: int, kind: str) -> dict[int, str]:
    """{user id: choice} for many users in one query: their row if any, else their role's default."""
    User = get_user_model()
    chosen = Subscription.objects.filter(user=OuterRef("pk"), group_id=group_id, kind=kind).values("choice")[
        :1
    ]
    staff = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=SECRETARIAT)
    rows = (
        User.objects.filter(pk__in=[getattr(user, "pk", user) for user in users])
        .annotate(chosen=Subquery(chosen), staff=Exists(staff))
        .values_list("pk", "chosen", "staff")
    )
    return {pk: chosen or default_choice(kind, is_staff=staff) for pk, chosen, staff in rows}


class DigestItem(models.Model):
    """One event owed to one person in their next daily digest (their choice for its kind)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_items",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"), max_length=60, help_text=_("The outbox kind, such as press.published.")
    )
    subject_key = models.CharField(_("about"), max_length=100)
    dedupe_key = models.CharField(_("dedupe key"), max_length=120, blank=True)
    # The group and subscription kind that put it here: the digest's unsubscribe link ends those.
    group_id = models.PositiveIntegerField(_("working group"), null=True, blank=True)
    topic = models.CharField(_("subscription kind"), max_length=20, choices=Subscription.Kind, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    digest = models.ForeignKey(
        "members.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("sent in"),
    )

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "dedupe_key"], name="digest_item_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_key} → {self.recipient_id}"


class PublicSubscriber(models.Model):
    """A visitor without an account who asked for a group's press releases by email.

    Double opt-in: nothing is sent to the address but the confirmation email until its link is
    followed (`confirmed_at`). `nonce` is part of every link we mail and changes when a link is
    used, so a confirmation or unsubscribe link works once and a forged one never.
    """

    email = models.EmailField(_("email"))
    group_id = models.PositiveIntegerField(_("working group"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    nonce = models.CharField(_("link key"), max_length=32)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public subscriber")
        verbose_name_plural = _("public subscribers")
        constraints = [models.UniqueConstraint(fields=["email", "group_id"], name="public_subscriber_once")]

    def __str__(self):
        return f"{self.email} group {self.group_id}"

    # What build_email reads of a recipient: the address and the language.
    @property
    def preferred_language(self) -> str:
        return self.language

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def get_full_name(self) -> str:
        return ""
