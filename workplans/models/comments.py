"""Comments that states send in a round, and the secretariat's dispositions of them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.permissions import active_delegation, is_secretariat

from .plans import Paragraph, Section, WorkPlan
from .rounds import CommentRound


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        if is_secretariat(user):
            return self
        delegation = active_delegation(user)
        if delegation is None:
            return self.none()
        now = now or timezone.now()
        rounds_closed = Q(round__closes_at__lte=now) | Q(round__closed_early_at__lte=now)
        shared = Q(round__comments_visible_while_open=True) | rounds_closed
        others = Q(status=Comment.Status.SUBMITTED) & shared
        return self.filter(round__version__plan__in=WorkPlan.objects.visible_to(user)).filter(
            Q(member_state=delegation.member_state) | others
        )

    def submitted(self):
        return self.filter(status=Comment.Status.SUBMITTED)

    def for_matrix(self):
        return self.select_related("member_state", "paragraph", "section", "round__version").order_by(
            models.F("paragraph__number").asc(nulls_first=True),
            models.F("section__number").asc(nulls_first=True),
            "member_state__name",
            "created_at",
        )


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        AMENDMENT = "amendment", _("Proposed amendment")
        NEW_PARAGRAPH = "new_paragraph", _("Proposed new paragraph")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Disposition(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        NOTED = "noted", _("Noted")
        ANSWERED = "answered", _("Answered")

    round = models.ForeignKey(
        CommentRound, on_delete=models.PROTECT, related_name="comments", verbose_name=_("round")
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        related_name="workplan_comments",
        verbose_name=_("state"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("section"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("paragraph"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMENT)
    body = models.TextField(_("comment"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Optimistic concurrency: an edit names the revision it started from.
    revision = models.PositiveIntegerField(default=1)
    # A double submit of the same form carries the same token and creates one comment.
    idempotency_key = models.UUIDField(unique=True)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition, blank=True)
    response = models.TextField(_("response"), blank=True)
    response_html = models.TextField(editable=False, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    resulting_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed_by_comments",
        verbose_name=_("change in the next version"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["round", "paragraph__number", "member_state__name", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="amendment") | Q(paragraph__isnull=False),
                name="comment_amendment_on_paragraph",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "member_state"]),
            models.Index(fields=["round", "paragraph"]),
        ]

    def __str__(self):
        return f"{self.member_state}: {self.get_kind_display()} ({self.target_label()})"

    def target_label(self) -> str:
        if self.paragraph_id:
            return str(_("paragraph %(number)s") % {"number": self.paragraph.number})
        if self.section_id:
            return str(_("section %(number)s") % {"number": self.section.number})
        return str(_("whole plan"))

    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN
