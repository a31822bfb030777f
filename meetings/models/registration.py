"""Who each delegation sends to a meeting, and how, registered before the deadline."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Delegate, MemberState

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


def participant_rows(meeting) -> list[dict]:
    """The list of participants: each supporting state (and any other that registered), in the active
    language's name order, with its registered people (name, title as accredited, mode). Codes, not
    labels, so the printed list can translate them and the fingerprint need not. Three queries."""
    records = list(
        meeting.registrations.active().select_related("user").order_by("user__full_name", "user__email")
    )
    titles = {
        (d.user_id, d.member_state_id): d.title
        for d in Delegate.objects.filter(
            user_id__in={r.user_id for r in records}, member_state_id__in={r.member_state_id for r in records}
        ).order_by("start_date")  # the latest appointment wins
    }
    by_state: dict[int, list[dict]] = {}
    for record in records:
        by_state.setdefault(record.member_state_id, []).append(
            {
                "name": str(record.user),
                "title": titles.get((record.user_id, record.member_state_id), ""),
                "mode": record.mode,
            }
        )
    states = MemberState.objects.filter(pk__in=meeting.supporting_state_ids() | set(by_state)).order_by(
        "name"
    )
    return [
        {"state_id": state.pk, "state": state.name, "participants": by_state.get(state.pk, [])}
        for state in states
    ]


def participants_fingerprint(meeting, rows: list[dict]) -> str:
    """Changes whenever the printed list would change, whatever the language it is printed in."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr((row["state_id"], row["participants"])).encode())
    digest.update(meeting.updated_at.isoformat().encode())
    return digest.hexdigest()[:40]
