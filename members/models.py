import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import validate_single_line


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Email is the login; there is no username."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Emails from Plenary are written in this language."),
    )
    receives_reminders = models.BooleanField(
        _("send me meeting and deadline reminders"),
        default=True,
        help_text=_("Notices of postponement and cancellation are always sent."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("May open the administration site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class MemberStateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MemberState.Status.ACTIVE)


class MemberState(models.Model):
    """A member state of the organisation (the OAS has 35)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active member")
        NOT_PARTICIPATING = "not_participating", _("Member, not participating")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    member_since = models.PositiveSmallIntegerField(_("member since (year)"), null=True, blank=True)
    status = models.CharField(_("membership status"), max_length=20, choices=Status, default=Status.ACTIVE)
    status_since = models.DateField(_("status effective from"), null=True, blank=True)
    status_note = models.TextField(_("status note"), blank=True)

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="memberstate_iso2_format"),
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="memberstate_iso3_format"),
        ]

    def __str__(self):
        return self.name

    def is_active_member(self) -> bool:
        return self.status == self.Status.ACTIVE


class PermanentMission(models.Model):
    member_state = models.OneToOneField(
        MemberState, on_delete=models.CASCADE, related_name="mission", verbose_name=_("member state")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("permanent mission")
        verbose_name_plural = _("permanent missions")
        ordering = ["member_state__name"]

    def __str__(self):
        return self.name


class DelegateQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Delegate(models.Model):
    """A person accredited to act for a member state. Past appointments are kept."""

    class Title(models.TextChoices):
        PERMANENT_REPRESENTATIVE = "permanent_representative", _("Permanent Representative")
        ALTERNATE_REPRESENTATIVE = "alternate_representative", _("Alternate Representative")
        INTERIM_REPRESENTATIVE = "interim_representative", _("Interim Representative")
        ADVISER = "adviser", _("Adviser")
        DELEGATE = "delegate", _("Delegate")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("user")
    )
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="delegates", verbose_name=_("member state")
    )
    title = models.CharField(_("title"), max_length=40, choices=Title, default=Title.DELEGATE)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_focal_point = models.BooleanField(
        _("focal point of the mission"),
        default=False,
        help_text=_("Invites delegates and decides requests for accreditation on the mission's behalf."),
    )

    objects = DelegateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["member_state__name", "user__full_name"]
        constraints = [
            # One open-ended appointment per person: acting for two states at once is refused.
            models.UniqueConstraint(
                fields=["user"], condition=Q(end_date__isnull=True), name="delegate_one_open_appointment"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="delegate_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.member_state}, {self.get_title_display()})"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def clean(self):
        # Appointments of one person may follow each other but never overlap.
        if not self.user_id or not self.start_date:
            return
        overlapping = Delegate.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if overlapping.exists():
            raise ValidationError(_("This person already has an appointment covering these dates."))


class SecretariatUnit(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    description = models.TextField(_("description"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="secretariat_units", blank=True, verbose_name=_("staff")
    )

    class Meta:
        verbose_name = _("secretariat unit")
        verbose_name_plural = _("secretariat units")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OutboxMessageQuerySet(models.QuerySet):
    def deliverable(self, *, now=None, stale_after=datetime.timedelta(minutes=1)):
        """Rows a worker may claim: pending ones whose retry time has come, and 'sending' ones
        whose worker stopped renewing its lease."""
        now = now or timezone.now()
        return self.filter(
            Q(status=OutboxMessage.Status.PENDING, next_attempt_at__isnull=True)
            | Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - stale_after)
        )

    def undelivered(self):
        """Messages that should have gone out and have not: failed, or tried and waiting for a retry."""
        return self.filter(
            Q(status=OutboxMessage.Status.FAILED)
            | Q(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING], attempts__gt=0)
        )


class OutboxMessage(models.Model):
    """One email owed to one person, recorded before it is sent.

    The unique constraint makes each (kind, subject, dedupe key, recipient) exist once, so a
    scan that runs twice creates nothing new, and a row marked sent is never claimed again.
    The dedupe key tells apart messages of one kind about one subject that are meant to be
    distinct, such as the reminder for a meeting's original date and for its new one.
    The text is rendered when the row is delivered, by `<app>.notifications.render_outbox`
    (`kind` is `<app>.<name>`), so it always reflects current data.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("No longer needed")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    subject_key = models.CharField(_("about"), max_length=100, help_text=_("For example meeting:12."))
    dedupe_key = models.CharField(_("dedupe key"), max_length=120, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("recipient"),
    )
    # A visitor without an account (press releases by email); a row has a recipient or a subscriber.
    subscriber = models.ForeignKey(
        "members.PublicSubscriber",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("public subscriber"),
    )
    # The group the message is about, when it is about one: the staff page of sent mail filters by it.
    group_id = models.PositiveIntegerField(_("working group"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(
        _("claimed at"), null=True, blank=True, help_text=_("When the sending worker last renewed its claim.")
    )
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "dedupe_key", "recipient"], name="outbox_once_per_recipient"
            ),
            models.UniqueConstraint(
                fields=["kind", "subject_key", "dedupe_key", "subscriber"], name="outbox_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, subscriber__isnull=True)
                | Q(recipient__isnull=True, subscriber__isnull=False),
                name="outbox_one_addressee",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "claimed_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="outbox_open_rows",
            ),
            models.Index(fields=["subject_key", "kind"], name="outbox_subject"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_key} → {self.addressee_id} ({self.status})"

    @property
    def addressee(self):
        """The user, or the public subscriber, the message is for (both have email and language)."""
        return self.recipient if self.recipient_id else self.subscriber

    @property
    def addressee_id(self) -> str:
        return str(self.recipient_id) if self.recipient_id else f"s{self.subscriber_id}"

    @property
    def address(self) -> str:
        return self.addressee.email

    @property
    def renderer_path(self) -> str:
        """`meetings.reminder` is rendered by `meetings.notifications.render_outbox`."""
        return f"{self.kind.rsplit('.', 1)[0]}.notifications.render_outbox"


def invitation_expiry():
    return timezone.now() + datetime.timedelta(days=14)


class Invitation(models.Model):
    """A mission's invitation to one email address to join its delegation; usable once, until it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person")
        ACCEPTED = "accepted", _("Accepted, waiting for the secretariat")
        CONFIRMED = "confirmed", _("Confirmed")
        REVOKED = "revoked", _("Withdrawn")

    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("member state")
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(
        _("title"), max_length=40, choices=Delegate.Title, default=Delegate.Title.DELEGATE
    )
    end_date = models.DateField(_("accredited until"), null=True, blank=True)
    language = models.CharField(_("language of the invitation"), max_length=5, choices=settings.LANGUAGES)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Claimed before sending, so a task run twice sends each email at most once.
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["sent_at", "confirmation_sent_at"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.full_name} <{self.email}> ({self.member_state})"

    def get_absolute_url(self):
        return reverse("members:invitation", kwargs={"token": self.token})

    def is_usable(self, now=None) -> bool:
        return self.status == self.Status.PENDING and (now or timezone.now()) < self.expires_at


class AccreditationRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AccreditationRequest.Status.PENDING)


class AccreditationRequest(models.Model):
    """A person who signed up on their own asks to act for a state; its focal point or the secretariat decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accreditation_requests",
        verbose_name=_("person"),
    )
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="accreditation_requests",
        verbose_name=_("member state"),
    )
    title = models.CharField(
        _("title"), max_length=40, choices=Delegate.Title, default=Delegate.Title.DELEGATE
    )
    message = models.TextField(_("message to the mission"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccreditationRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["notified_at"])

    class Meta:
        verbose_name = _("request for accreditation")
        verbose_name_plural = _("requests for accreditation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_accreditation_request"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.member_state}"


from .page_revision import PageRevision  # noqa: E402, F401  (registered with members' models)
from .subscriptions import DigestItem, PublicSubscriber, Subscription  # noqa: E402, F401  (registered with members' models)
from .translation_status import TranslationStamp  # noqa: E402, F401  (registered with members' models)
