"""Who each delegation sends to a meeting, and how, registered before the deadline."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meeting import Meeting


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def modes_by_state(self, meeting) -> dict[int, str]:
        """State id → the mode most of its registered delegates chose (in person wins a tie): one query."""
        rows = (
            self.active()
            .filter(meeting=meeting)
            .values("member_state")
            .annotate(
                in_person=Count("pk", filter=Q(mode=Registration.Mode.IN_PERSON)),
                online=Count("pk", filter=Q(mode=Registration.Mode.ONLINE)),
            )
        )
        return {
            row["member_state"]: Registration.Mode.IN_PERSON
            if row["in_person"] >= row["online"]
            else Registration.Mode.ONLINE
            for row in rows
        }


class Registration(models.Model):
    """One person a delegation sends to one meeting. Cancelled ones are kept for the record."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("member state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_registrations",
        verbose_name=_("participant"),
    )
    mode = models.CharField(_("attends"), max_length=20, choices=Mode)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "member_state__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(cancelled_at__isnull=True),
                name="registration_one_active_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.member_state}): {self.get_mode_display()}"

    def is_active(self) -> bool:
        return self.cancelled_at is None
