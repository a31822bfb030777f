"""Meetings, the rooms they are held in, and the history of their dates."""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, validate_time_zone
from members import textsearch
from members.permissions import is_delegate, is_secretariat
from members.translated import original_language_field
from members.validators import validate_single_line

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
# Without a deadline of its own, registration closes this long before the start (and so
# follows the meeting when it is postponed).
REGISTRATION_CLOSES_BEFORE = datetime.timedelta(hours=24)


class Room(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    building = models.CharField(_("building"), max_length=200, blank=True, validators=[validate_single_line])
    address = models.TextField(_("address"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    original_language = original_language_field()

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

    def search(self, text: str, language: str | None = None):
        return textsearch.search(self, text, language, weights={"A": ["title"], "B": ["notice_text"]})

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")

    def coming(self, now=None):
        """Not yet over, cancelled ones included: whoever planned to attend must see the cancellation."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__lt=now) | Q(status=Meeting.Status.CANCELLED)).order_by("-starts_at")

    def held_or_in_progress(self, now=None):
        """Meetings at which something can have been decided (see Meeting.is_held_or_in_progress)."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[Meeting.Status.HELD, Meeting.Status.CLOSED])
            | Q(
                status__in=[Meeting.Status.SCHEDULED, Meeting.Status.POSTPONED],
                starts_at__lte=now,
                ends_at__gte=now,
            )
        )

    def of_groups_supported_by(self, member_state, on=None):
        """Meetings of the groups `member_state` supports on that date (today by default)."""
        supported = Membership.objects.current(on).filter(member_state=member_state).values("group")
        return self.filter(group__in=supported)

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
    title = models.CharField(_("title"), max_length=250, blank=True, validators=[validate_single_line])
    original_language = original_language_field()
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
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration 24 hours before the start."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public meetings are listed for visitors once scheduled.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    # History is registered in translation.py, after the per-language columns exist.

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

    def ordinal_name_in_sentence(self) -> str:
        """The ordinal name for use mid-sentence: "la tercera reunión", "the third meeting".

        `ordinal_name()` is a title ("Tercera reunión"); in English, Spanish, French and
        Portuguese the phrase is a common noun and takes a small letter inside a sentence.
        """
        name = str(self.ordinal_name())
        return name[:1].lower() + name[1:]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.starts_at and self.registration_closes_at and self.registration_closes_at > self.starts_at:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close before the meeting starts.")}
            )

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

    def is_held_or_in_progress(self, now=None) -> bool:
        """Held, or sitting right now (the secretariat records it as held afterwards).

        Only at such a meeting can minutes be approved or a work plan adopted: the record
        must never name a meeting that has not taken place.
        """
        now = now or timezone.now()
        if self.has_taken_place():
            return True
        return (
            self.status in (self.Status.SCHEDULED, self.Status.POSTPONED)
            and self.starts_at <= now <= self.ends_at
        )

    def check_in_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status in (self.Status.SCHEDULED, self.Status.POSTPONED, self.Status.HELD)
            and self.starts_at - CHECK_IN_OPENS_BEFORE <= now <= self.ends_at
        )

    def registration_deadline(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at - REGISTRATION_CLOSES_BEFORE

    def accepts_registrations(self) -> bool:
        """Announced and still to come: a draft is unknown to delegations, the rest is over."""
        return self.status in (self.Status.SCHEDULED, self.Status.POSTPONED)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepts_registrations() and now <= self.registration_deadline()

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

    def attendance_summary(self):
        """Derived counts (an AttendanceSummary): two queries whatever the number of states."""
        # Through the related manager, so this module need not import the attendance models.
        return self.attendances.summary(self)


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
    original_language = original_language_field()
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
