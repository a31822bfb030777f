"""Who took part in a meeting: member states' attendance, observers, and the derived counts."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import MemberState
from members.translated import original_language_field
from members.validators import validate_single_line

from .meeting import Meeting

# Marks the supporting states' rows among the attendance records in AttendanceQuerySet.summary.
SUPPORTING = "*supporting*"


class AttendanceSummary:
    def __init__(self, *, in_person, online, absent, excused, supporting_present, supporting_total, quorum):
        self.in_person = in_person
        self.online = online
        self.absent = absent
        self.excused = excused
        self.supporting_present = supporting_present
        self.supporting_total = supporting_total
        self.quorum = quorum

    @classmethod
    def from_records(cls, meeting, records, supporting_ids) -> "AttendanceSummary":
        """The same counts as AttendanceQuerySet.summary, from a meeting's records already loaded."""
        return cls.from_pairs(meeting, [(r.status, r.member_state_id) for r in records], supporting_ids)

    @classmethod
    def from_pairs(cls, meeting, pairs, supporting_ids) -> "AttendanceSummary":
        statuses = [status for status, _state in pairs]
        present = Attendance.PRESENT
        return cls(
            in_person=statuses.count(Attendance.Status.PRESENT_IN_PERSON),
            online=statuses.count(Attendance.Status.PRESENT_ONLINE),
            absent=statuses.count(Attendance.Status.ABSENT),
            excused=statuses.count(Attendance.Status.EXCUSED),
            supporting_present=sum(
                1 for status, state in pairs if status in present and state in supporting_ids
            ),
            supporting_total=len(supporting_ids),
            quorum=meeting.group.quorum_for(len(supporting_ids)),
        )

    @property
    def countries_present(self) -> int:
        return self.in_person + self.online

    @property
    def recorded(self) -> int:
        return self.in_person + self.online + self.absent + self.excused

    @property
    def quorum_met(self) -> bool:
        return self.supporting_present >= self.quorum


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        return self.filter(status__in=Attendance.PRESENT)

    def summary(self, meeting) -> AttendanceSummary:
        """Counts for `meeting` (call on meeting.attendances): one query whatever the number of states."""
        # The records' (status, state) pairs and, marked apart, the supporting states, in one round trip.
        supporting = (
            meeting.group.memberships.current(meeting.local_date())
            .order_by()
            .values_list(Value(SUPPORTING, output_field=models.CharField()), "member_state_id")
        )
        rows = list(
            self.filter(meeting=meeting)
            .order_by()
            .values_list("status", "member_state_id")
            .union(supporting, all=True)
            .order_by()
        )
        supporting_ids = {state for kind, state in rows if kind == SUPPORTING}
        pairs = [(kind, state) for kind, state in rows if kind != SUPPORTING]
        return AttendanceSummary.from_pairs(meeting, pairs, supporting_ids)


class Attendance(models.Model):
    """How one member state took part in one meeting."""

    class Status(models.TextChoices):
        PRESENT_IN_PERSON = "present_in_person", _("Present in person")
        PRESENT_ONLINE = "present_online", _("Present online")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    PRESENT = (Status.PRESENT_IN_PERSON, Status.PRESENT_ONLINE)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("member state"),
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status)
    note = models.CharField(_("note"), max_length=500, blank=True)
    delegation_members = models.TextField(_("delegation members present"), blank=True)
    checked_in_by_delegate = models.BooleanField(_("checked in by the delegation"), default=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member_state__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member_state"], name="attendance_one_per_state")
        ]

    def __str__(self):
        return f"{self.member_state}: {self.get_status_display()}"

    def is_present(self) -> bool:
        return self.status in self.PRESENT

    def awaits_confirmation(self) -> bool:
        return self.checked_in_by_delegate and self.confirmed_by_id is None


class Observer(models.Model):
    class Kind(models.TextChoices):
        NON_SUPPORTING_STATE = "state", _("Non-supporting state")
        SECRETARIAT_UNIT = "unit", _("Secretariat unit")
        GUEST = "guest", pgettext_lazy("observer", "Guest")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="observers", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member state"),
    )
    unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretariat unit"),
    )
    name = models.CharField(
        _("name"),
        max_length=250,
        blank=True,
        help_text=_("Guests: name and organisation."),
        validators=[validate_single_line],
    )
    persons = models.TextField(_("persons present"), blank=True)
    original_language = original_language_field()

    class Meta:
        verbose_name = _("observer")
        verbose_name_plural = _("observers")
        ordering = ["meeting", "kind", "pk"]

    def __str__(self):
        return self.label()

    def label(self) -> str:
        if self.kind == self.Kind.NON_SUPPORTING_STATE and self.member_state:
            return str(self.member_state)
        if self.kind == self.Kind.SECRETARIAT_UNIT and self.unit:
            return str(self.unit)
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.NON_SUPPORTING_STATE and not self.member_state_id:
            errors["member_state"] = _("Choose the observing state.")
        if self.kind == self.Kind.SECRETARIAT_UNIT and not self.unit_id:
            errors["unit"] = _("Choose the secretariat unit.")
        if self.kind == self.Kind.GUEST and not self.name:
            errors["name"] = _("Give the guest's name.")
        if errors:
            raise ValidationError(errors)


def attendance_fingerprint(meeting) -> str:
    """Changes whenever the printed attendance list would change (two queries)."""
    digest = hashlib.sha256()
    for row in meeting.attendances.order_by("member_state_id").values_list(
        "member_state_id", "status", "note", "delegation_members"
    ):
        digest.update(repr(row).encode())
    for row in meeting.observers.order_by("pk").values_list(
        "kind", "member_state_id", "unit_id", "name", "persons"
    ):
        digest.update(repr(row).encode())
    digest.update(meeting.updated_at.isoformat().encode())
    return digest.hexdigest()[:40]


def attendance_rows(meeting) -> tuple[list[dict], dict]:
    """Every active member state, and any other state recorded, with its presence (three queries)."""
    supporting = meeting.supporting_state_ids()
    records = {a.member_state_id: a for a in meeting.attendances.all()}
    states = MemberState.objects.active() | MemberState.objects.filter(pk__in=list(records))
    rows = []
    for state in states.order_by("name"):
        record = records.get(state.pk)
        rows.append(
            {
                "state": state.name,
                "supporting": state.pk in supporting,
                "presence": record.get_status_display() if record else _("Not recorded"),
                "present": bool(record and record.is_present()),
                "persons": record.delegation_members if record else "",
                "note": record.note if record else "",
            }
        )
    present = [row for row in rows if row["present"]]
    supporting_present = sum(1 for row in present if row["supporting"])
    quorum = meeting.group.quorum_for(len(supporting))
    totals = {
        "countries_present": len(present),
        "in_person": sum(1 for a in records.values() if a.status == Attendance.Status.PRESENT_IN_PERSON),
        "online": sum(1 for a in records.values() if a.status == Attendance.Status.PRESENT_ONLINE),
        "supporting_present": supporting_present,
        "supporting_total": len(supporting),
        "quorum": quorum,
        "quorum_met": supporting_present >= quorum,
    }
    return rows, totals
