"""Comment rounds on a version, the notices sent about them, and PDF exports of their comment matrix."""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.permissions import active_delegation, is_secretariat

from .plans import WorkPlan, WorkPlanVersion


def default_reminder_days() -> list[int]:
    return [7, 2]


class CommentRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        if active_delegation(user) is None:
            return self.none()
        return self.filter(version__plan__in=WorkPlan.objects.visible_to(user))

    def open_at(self, now):
        return self.filter(opens_at__lte=now, closes_at__gt=now).filter(
            Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now)
        )


class CommentRound(models.Model):
    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("version")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    open_to_observers = models.BooleanField(
        _("observers may comment"),
        default=False,
        help_text=_("By default only the group's supporting states may comment."),
    )
    comments_visible_while_open = models.BooleanField(
        _("delegations see each other's comments while the round is open"), default=False
    )
    accepts_late = models.BooleanField(_("accept late comments, marked as late"), default=False)
    reminder_days = models.JSONField(_("reminders, days before closing"), default=default_reminder_days)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CommentRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opening"
            )
        ]

    def __str__(self):
        return str(_("Comments on %(version)s") % {"version": self.version})

    def get_absolute_url(self):
        return reverse("workplans:round", kwargs={"pk": self.pk})

    @property
    def deadline(self):
        """When the round stops (or stopped) taking comments on time."""
        if self.closed_early_at and self.closed_early_at < self.closes_at:
            return self.closed_early_at
        return self.closes_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline

    def has_opened(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.deadline

    def takes_comments(self, now=None) -> bool:
        """Open, or closed but taking late comments (which are then marked late)."""
        now = now or timezone.now()
        return self.is_open(now) or (self.accepts_late and self.has_opened(now))

    def time_left(self, now=None):
        now = now or timezone.now()
        return max(self.deadline - now, datetime.timedelta(0))

    def group_zone(self):
        return zoneinfo.ZoneInfo(self.version.plan.group.time_zone)


class RoundNotice(models.Model):
    """One notice or reminder of a round; the unique key makes each one go out once."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Round opened")
        EXTENDED = "extended", _("Deadline extended")
        REMINDER = "reminder", _("Reminder before closing")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind)
    key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="roundnotice_unique_key")]

    def __str__(self):
        return f"{self.round_id}:{self.key}"


class MatrixExport(models.Model):
    """A comment matrix PDF made by a worker for one person, from what that person may see."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    file = models.FileField(upload_to="workplans/matrix/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"matrix {self.round_id} ({self.status})"
