import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groups.models import validate_time_zone
from members.permissions import is_delegate, is_secretariat

ORDINALS = [
    _("First"),
    _("Second"),
    _("Third"),
    _("Fourth"),
    _("Fifth"),
    _("Sixth"),
    _("Seventh"),
    _("Eighth"),
    _("Ninth"),
    _("Tenth"),
    _("Eleventh"),
    _("Twelfth"),
]

# A delegate may check in their state from this long before the start until the end.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=1)


class Room(models.Model):
    name = models.CharField(_("name"), max_length=200)
    building = models.CharField(_("building"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building", "name"]
        constraints = [models.UniqueConstraint(fields=["building", "name"], name="room_unique_name")]

    def __str__(self):
        return f"{self.name}, {self.building}" if self.building else self.name

    def location_text(self) -> str:
        return ", ".join(part for part in (self.name, self.building, " ".join(self.address.split())) if part)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        if is_delegate(user):
            return self.exclude(status=Meeting.Status.DRAFT)
        return self.filter(is_public=True).exclude(status=Meeting.Status.DRAFT)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__lt=now) | Q(status=Meeting.Status.CANCELLED)).order_by("-starts_at")

    def occupying(self, room, starts_at, ends_at):
        """Meetings that hold `room` at some moment between the two instants."""
        return self.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
            status=Meeting.Status.CANCELLED
        )


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        "groups.WorkingGroup", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group")
    )
    number = models.PositiveSmallIntegerField(
        _("sequence number"), help_text=_("1 for the group's first meeting, 2 for the second…")
    )
    title = models.CharField(_("title"), max_length=250, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("venue time zone"),
        max_length=64,
        default=settings.PLENARY_DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("room"),
    )
    video_link = models.URLField(
        _("video link"), max_length=500, blank=True, help_text=_("Shown only to delegates and staff.")
    )
    convening_unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_meetings",
        verbose_name=_("convening secretariat unit"),
    )
    notice_text = models.TextField(_("notice text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    ics_sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("prepared from"),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public meetings are listed for visitors once scheduled.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.ordinal_name()}: {self.title}" if self.title else str(self.ordinal_name())

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def ordinal_name(self) -> str:
        if 1 <= self.number <= len(ORDINALS):
            return _("%(ordinal)s meeting") % {"ordinal": ORDINALS[self.number - 1]}
        return _("Meeting %(number)s") % {"number": self.number}

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    def local_date(self) -> datetime.date:
        return self.local_starts_at.date()

    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED, self.Status.POSTPONED)

    def can_be_scheduled(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_postponed(self) -> bool:
        return self.status in (self.Status.SCHEDULED, self.Status.POSTPONED)

    def can_be_cancelled(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED, self.Status.POSTPONED)

    def can_be_marked_held(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status in (self.Status.SCHEDULED, self.Status.POSTPONED) and self.starts_at <= now

    def is_announced(self) -> bool:
        """Scheduled or later: delegates have been told about it."""
        return self.status != self.Status.DRAFT

    def has_taken_place(self) -> bool:
        return self.status in (self.Status.HELD, self.Status.CLOSED)

    def check_in_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status in (self.Status.SCHEDULED, self.Status.POSTPONED, self.Status.HELD)
            and self.starts_at - CHECK_IN_OPENS_BEFORE <= now <= self.ends_at
        )

    def location_text(self) -> str:
        if self.room:
            return self.room.location_text()
        if self.format == self.Format.VIRTUAL:
            return str(_("Online"))
        return ""

    def supporting_state_ids(self) -> set[int]:
        return set(
            self.group.memberships.current(self.local_date()).values_list("member_state_id", flat=True)
        )

    def attendance_summary(self) -> "AttendanceSummary":
        """Derived counts: two queries whatever the number of states."""
        supporting = self.group.memberships.current(self.local_date()).values("member_state")
        present = [Attendance.Status.PRESENT_IN_PERSON, Attendance.Status.PRESENT_ONLINE]
        counts = self.attendances.aggregate(
            in_person=Count("pk", filter=Q(status=Attendance.Status.PRESENT_IN_PERSON)),
            online=Count("pk", filter=Q(status=Attendance.Status.PRESENT_ONLINE)),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
            supporting_present=Count("pk", filter=Q(status__in=present, member_state__in=supporting)),
        )
        supporting_total = len(self.supporting_state_ids())
        return AttendanceSummary(
            in_person=counts["in_person"],
            online=counts["online"],
            absent=counts["absent"],
            excused=counts["excused"],
            supporting_present=counts["supporting_present"],
            supporting_total=supporting_total,
            quorum=self.group.quorum_for(supporting_total),
        )


class AttendanceSummary:
    def __init__(self, *, in_person, online, absent, excused, supporting_present, supporting_total, quorum):
        self.in_person = in_person
        self.online = online
        self.absent = absent
        self.excused = excused
        self.supporting_present = supporting_present
        self.supporting_total = supporting_total
        self.quorum = quorum

    @property
    def countries_present(self) -> int:
        return self.in_person + self.online

    @property
    def recorded(self) -> int:
        return self.in_person + self.online + self.absent + self.excused

    @property
    def quorum_met(self) -> bool:
        return self.supporting_present >= self.quorum


class MeetingDateChange(models.Model):
    """One postponement: the dates before and after, and why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="date_changes", verbose_name=_("meeting")
    )
    old_starts_at = models.DateTimeField(_("previous start"))
    old_ends_at = models.DateTimeField(_("previous end"))
    new_starts_at = models.DateTimeField(_("new start"))
    new_ends_at = models.DateTimeField(_("new end"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.meeting}: {self.old_starts_at:%Y-%m-%d} → {self.new_starts_at:%Y-%m-%d}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(_("time allotted (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=250, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("Recorded after the meeting."))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        meetings = Meeting.objects.visible_to(user)
        if is_secretariat(user) or is_delegate(user):
            return self.filter(meeting__in=meetings)
        return self.filter(meeting__in=meetings, is_public=True)

    def public(self):
        return self.filter(is_public=True)


def document_upload_to(document, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{document.meeting.uid}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    symbol = models.CharField(_("document symbol"), max_length=80, unique=True)
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Restricted documents reach only delegates and staff.")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "number"]

    def __str__(self):
        return f"{self.symbol} {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:document_download", kwargs={"pk": self.pk})

    def download_name(self) -> str:
        extension = self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else "bin"
        return f"{self.symbol.replace('/', '-')}.{extension}"


class Presentation(models.Model):
    class PresenterKind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat unit")
        DELEGATION = "delegation", _("Member state delegation")
        GUEST = "guest", _("Guest")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    presenter_kind = models.CharField(_("presenter"), max_length=20, choices=PresenterKind)
    unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("secretariat unit"),
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("member state"),
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    affiliation = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    slides = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slides"),
    )

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.presenter_label()}: {self.title}"

    def clean(self):
        errors = {}
        if self.presenter_kind == self.PresenterKind.SECRETARIAT and not self.unit_id:
            errors["unit"] = _("Choose the presenting secretariat unit.")
        if self.presenter_kind == self.PresenterKind.DELEGATION and not self.member_state_id:
            errors["member_state"] = _("Choose the presenting member state.")
        if self.presenter_kind == self.PresenterKind.GUEST and not self.person_name:
            errors["person_name"] = _("Give the guest's name.")
        if errors:
            raise ValidationError(errors)

    def presenter_label(self) -> str:
        if self.presenter_kind == self.PresenterKind.SECRETARIAT and self.unit:
            who = str(self.unit)
        elif self.presenter_kind == self.PresenterKind.DELEGATION and self.member_state:
            who = str(self.member_state)
        else:
            who = self.affiliation
        return ", ".join(part for part in (self.person_name, who) if part)


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        return self.filter(status__in=Attendance.PRESENT)


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
        _("name"), max_length=250, blank=True, help_text=_("Guests: name and organisation.")
    )
    persons = models.TextField(_("persons present"), blank=True)

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


# Minutes live in their own module; imported here so they belong to this app.
from .minutes import (  # noqa: E402
    Decision,
    Minutes,
    MinutesCorrection,
    MinutesItem,
    MinutesRevision,
    PrintedDocument,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "Decision",
    "Document",
    "Meeting",
    "MeetingDateChange",
    "Minutes",
    "MinutesCorrection",
    "MinutesItem",
    "MinutesRevision",
    "Observer",
    "Presentation",
    "PrintedDocument",
    "Room",
]
