"""Workflows on work plans: versions, comment rounds, comments, dispositions, adoption."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting
from members.permissions import active_delegation

from . import notifications, tasks
from .models import (
    Activity,
    Comment,
    CommentRound,
    MatrixExport,
    Paragraph,
    RoundNotice,
    Section,
    WorkPlan,
    WorkPlanVersion,
)
from .permissions import state_may_comment
from .text import parse_plan_markdown, render_markdown_subset, similarity

# Versions -----------------------------------------------------------------------------------


@dataclass
class SectionInput:
    heading: str
    paragraphs: list[tuple[uuid.UUID | None, str]]
    key: uuid.UUID | None = None


@transaction.atomic
def create_plan(
    *,
    group,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    proposed_by: str,
    proposer_state=None,
    author,
    markdown: str = "",
    change_note: str = "",
) -> WorkPlan:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if proposed_by == WorkPlan.Proposer.STATE and proposer_state is None:
        raise ValidationError({"proposer_state": _("Name the member state whose mission proposes the plan.")})
    plan = WorkPlan.objects.create(
        group=group,
        title=title,
        period_start=period_start,
        period_end=period_end,
        proposed_by=proposed_by,
        proposer_state=proposer_state if proposed_by == WorkPlan.Proposer.STATE else None,
    )
    import_version(plan=plan, author=author, markdown=markdown, change_note=change_note or _("First draft."))
    return plan


def _next_number(plan: WorkPlan) -> int:
    return (plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1


def _lock_plan(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


def latest_version(plan: WorkPlan) -> WorkPlanVersion | None:
    return plan.versions.order_by("-number").first()


@transaction.atomic
def import_version(*, plan: WorkPlan, author, markdown: str, change_note: str = "") -> WorkPlanVersion:
    """A new version from Markdown. Paragraphs that resemble one of the previous version keep its key."""
    plan = _lock_plan(plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("An adopted work plan cannot get new versions."))
    imported = parse_plan_markdown(markdown, untitled=_("General"))
    previous = latest_version(plan)
    old_paragraphs = list(previous.paragraphs.all()) if previous else []
    old_sections = {s.heading.strip().lower(): s.key for s in previous.sections.all()} if previous else {}
    unused = {p.key: p.text for p in old_paragraphs}
    sections = []
    for imported_section in imported.sections:
        paragraphs = []
        for text in imported_section.paragraphs:
            best_key, best_score = None, 0.6
            for key, old_text in unused.items():
                score = 1.0 if old_text == text else similarity(old_text, text)
                if score > best_score:
                    best_key, best_score = key, score
                    if score == 1.0:
                        break
            if best_key:
                del unused[best_key]
            paragraphs.append((best_key, text))
        sections.append(
            SectionInput(
                heading=imported_section.heading,
                paragraphs=paragraphs,
                key=old_sections.get(imported_section.heading.strip().lower()),
            )
        )
    version = WorkPlanVersion.objects.create(
        plan=plan, number=_next_number(plan), author=author, change_note=change_note, based_on=previous
    )
    _write_body(version=version, sections=sections, activities=imported.activities)
    return version


@transaction.atomic
def start_revision(*, plan: WorkPlan, author, change_note: str = "") -> WorkPlanVersion:
    """Copy the latest version, keeping every paragraph's identity, for staff to revise."""
    plan = _lock_plan(plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("An adopted work plan cannot get new versions."))
    previous = latest_version(plan)
    version = WorkPlanVersion.objects.create(
        plan=plan, number=_next_number(plan), author=author, change_note=change_note, based_on=previous
    )
    if previous:
        sections = {
            s.pk: SectionInput(heading=s.heading, key=s.key, paragraphs=[]) for s in previous.sections.all()
        }
        for paragraph in previous.paragraphs.all():
            sections[paragraph.section_id].paragraphs.append((paragraph.key, paragraph.text))
        activities = [(a.objective, a.activity, a.responsible, a.timeline) for a in previous.activities.all()]
        _write_body(version=version, sections=list(sections.values()), activities=activities)
    if plan.status == WorkPlan.Status.CONSULTATION:
        plan.status = WorkPlan.Status.REVISED
        plan.save(update_fields=["status"])
    return version


def _write_body(*, version: WorkPlanVersion, sections: list[SectionInput], activities) -> None:
    number = 0
    for section_number, section_input in enumerate(sections, start=1):
        section = Section.objects.create(
            version=version,
            number=section_number,
            heading=section_input.heading,
            key=section_input.key or uuid.uuid4(),
        )
        rows = []
        for key, text in section_input.paragraphs:
            number += 1
            rows.append(
                Paragraph(version=version, section=section, number=number, text=text, key=key or uuid.uuid4())
            )
        Paragraph.objects.bulk_create(rows)
    Activity.objects.bulk_create(
        Activity(version=version, position=position, objective=o, activity=a, responsible=r, timeline=t)
        for position, (o, a, r, t) in enumerate(activities, start=1)
    )


@transaction.atomic
def save_version_body(
    *, version: WorkPlanVersion, sections: list[SectionInput], activities, change_note: str | None = None
) -> WorkPlanVersion:
    """Replace the body edited in the browser. Paragraphs named by key keep their identity."""
    version = WorkPlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.frozen:
        raise ValidationError(_("This version was adopted and is frozen."))
    if version.rounds.exists():
        raise ValidationError(
            _(
                "States have been asked to comment on this version, so it cannot change. Start a revised version."
            )
        )
    seen = set()
    for section_input in sections:
        for key, _text in section_input.paragraphs:
            if key and key in seen:
                raise ValidationError(_("A paragraph appears twice."))
            seen.add(key)
    # Comments of earlier rounds may point at paragraphs of this version: keep those rows.
    existing = {p.key: p for p in version.paragraphs.all()}
    linked = {key for key, p in existing.items() if p.changed_by_comments.exists()}
    version.paragraphs.update(number=F("number") + 100000)
    version.sections.update(number=F("number") + 100000)
    old_sections = {s.key: s for s in version.sections.all()}
    number = 0
    kept_paragraphs, kept_sections = set(), set()
    for section_number, section_input in enumerate(sections, start=1):
        section = old_sections.get(section_input.key) if section_input.key else None
        if section is None:
            section = Section.objects.create(
                version=version, number=section_number, heading=section_input.heading
            )
        else:
            section.number, section.heading = section_number, section_input.heading
            section.save(update_fields=["number", "heading"])
        kept_sections.add(section.pk)
        for key, text in section_input.paragraphs:
            if not text.strip():
                continue
            number += 1
            paragraph = existing.get(key) if key else None
            if paragraph is None:
                paragraph = Paragraph.objects.create(
                    version=version,
                    section=section,
                    number=number,
                    text=text.strip(),
                    key=key or uuid.uuid4(),
                )
            else:
                paragraph.section, paragraph.number, paragraph.text = section, number, text.strip()
                paragraph.save(update_fields=["section", "number", "text"])
            kept_paragraphs.add(paragraph.key)
    removed = set(existing) - kept_paragraphs
    if removed & linked:
        raise ValidationError(_("A paragraph that records the outcome of a comment cannot be removed."))
    version.paragraphs.filter(key__in=removed).delete()
    version.sections.exclude(pk__in=kept_sections).delete()
    version.activities.all().delete()
    Activity.objects.bulk_create(
        Activity(version=version, position=position, objective=o, activity=a, responsible=r, timeline=t)
        for position, (o, a, r, t) in enumerate(activities, start=1)
        if o.strip() or a.strip()
    )
    version.body_revision += 1
    fields = ["body_revision"]
    if change_note is not None:
        version.change_note = change_note
        fields.append("change_note")
    version.save(update_fields=fields)
    return version


# Rounds -------------------------------------------------------------------------------------


def format_deadline(comment_round: CommentRound) -> str:
    local = timezone.localtime(comment_round.deadline, comment_round.group_zone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({comment_round.version.plan.group.time_zone})"


@transaction.atomic
def open_round(
    *,
    version: WorkPlanVersion,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    created_by,
    open_to_observers: bool = False,
    comments_visible_while_open: bool = False,
    accepts_late: bool = False,
    reminder_days: list[int] | None = None,
    now=None,
) -> CommentRound:
    now = now or timezone.now()
    plan = _lock_plan(version.plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("An adopted work plan is no longer open to comments."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    if closes_at <= now:
        raise ValidationError({"closes_at": _("The closing time has already passed.")})
    if CommentRound.objects.filter(version__plan=plan).open_at(now).exists():
        raise ValidationError(_("Another comment round on this plan is still open."))
    comment_round = CommentRound.objects.create(
        version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=created_by,
        open_to_observers=open_to_observers,
        comments_visible_while_open=comments_visible_while_open,
        accepts_late=accepts_late,
        reminder_days=sorted(
            {int(d) for d in (reminder_days if reminder_days is not None else [7, 2])}, reverse=True
        ),
    )
    if plan.status in (WorkPlan.Status.DRAFT, WorkPlan.Status.REVISED):
        plan.status = WorkPlan.Status.CONSULTATION
        plan.save(update_fields=["status"])
    if opens_at <= now:
        _queue_notice(comment_round, RoundNotice.Kind.OPENED, "opened")
    return comment_round


def _queue_notice(comment_round: CommentRound, kind: str, key: str) -> RoundNotice | None:
    """Record a notice once (the key is unique per round) with its outbox rows; deliver after commit."""
    try:
        with transaction.atomic():
            notice = RoundNotice.objects.create(round=comment_round, kind=kind, key=key)
            notifications.record_notice(notice=notice)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: tasks.deliver_round_mail.delay())
    return notice


@transaction.atomic
def extend_round(*, comment_round: CommentRound, closes_at: datetime.datetime, by, now=None) -> CommentRound:
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    now = now or timezone.now()
    if closes_at <= now or closes_at <= locked.deadline:
        raise ValidationError({"closes_at": _("The new deadline must be later than the current one.")})
    locked.closes_at = closes_at
    locked.closed_early_at = None
    locked.save(update_fields=["closes_at", "closed_early_at"])
    _queue_notice(locked, RoundNotice.Kind.EXTENDED, f"extended-{notifications.deadline_key(closes_at)}")
    return locked


@transaction.atomic
def close_round_early(*, comment_round: CommentRound, by, now=None) -> CommentRound:
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    # Read the clock only once the lock is held, so no comment accepted before us can carry a later time.
    now = now or timezone.now()
    if not locked.is_open(now):
        raise ValidationError(_("This round is not open."))
    locked.closed_early_at = now
    locked.save(update_fields=["closed_early_at"])
    return locked


def due_notice_keys(comment_round: CommentRound, now) -> list[tuple[str, str]]:
    """Notices due now: the opening notice, and the nearest reminder before closing that has come due.

    A reminder whose time fell before the round opened is skipped; when the task was down,
    only the most recent reminder goes out, not a burst of stale ones.
    """
    if not comment_round.is_open(now):
        return []
    due = [(RoundNotice.Kind.OPENED, "opened")]
    deadline = comment_round.deadline
    for days in sorted(comment_round.reminder_days):
        moment = deadline - datetime.timedelta(days=days)
        if moment <= now and moment >= comment_round.opens_at:
            due.append((RoundNotice.Kind.REMINDER, f"before-{days}d-{notifications.deadline_key(deadline)}"))
            break
    return due


def queue_due_notices(*, now=None) -> int:
    """Record the notices that have come due (each once); runs every minute."""
    now = now or timezone.now()
    rounds = list(CommentRound.objects.open_at(now).select_related("version__plan__group"))
    recorded = set(RoundNotice.objects.filter(round__in=rounds).values_list("round_id", "key"))
    queued = 0
    for comment_round in rounds:
        for kind, key in due_notice_keys(comment_round, now):
            if (comment_round.pk, key) not in recorded and _queue_notice(comment_round, kind, key):
                queued += 1
    return queued


# Comments -----------------------------------------------------------------------------------


class EditConflict(Exception):
    """Someone else saved the comment first; `current` is what they saved."""

    def __init__(self, current: Comment | None):
        super().__init__("edit conflict")
        self.current = current


def _check_content(*, kind: str, body: str, proposed_text: str, paragraph) -> None:
    if kind not in Comment.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of comment this is.")})
    if kind in (Comment.Kind.AMENDMENT, Comment.Kind.NEW_PARAGRAPH):
        if not proposed_text.strip():
            raise ValidationError({"proposed_text": _("Write the text you propose.")})
    elif not body.strip():
        raise ValidationError({"body": _("The comment is empty.")})
    if kind == Comment.Kind.AMENDMENT and paragraph is None:
        raise ValidationError({"paragraph": _("An amendment replaces a paragraph: choose the paragraph.")})


def _refuse_deadline(comment_round: CommentRound):
    return ValidationError(
        _("This comment round closed on %(deadline)s. Your comment was not saved.")
        % {"deadline": format_deadline(comment_round)},
        code="deadline",
    )


@transaction.atomic
def submit_comment(
    *,
    comment_round: CommentRound,
    user,
    kind: str,
    body: str = "",
    proposed_text: str = "",
    paragraph_key: uuid.UUID | None = None,
    section_key: uuid.UUID | None = None,
    token: uuid.UUID,
    now=None,
) -> Comment:
    """Send a comment on behalf of the user's state. The same token twice gives the same comment."""
    delegation = active_delegation(user)
    if delegation is None:
        raise PermissionDenied
    # The lock orders comments against extend/close: a comment is either in before the deadline or refused.
    locked = (
        CommentRound.objects.select_for_update()
        .select_related("version__plan__group")
        .get(pk=comment_round.pk)
    )
    existing = Comment.objects.filter(idempotency_key=token).first()
    if existing is not None:
        if existing.member_state_id != delegation.member_state_id or existing.round_id != locked.pk:
            raise ValidationError(_("This form was already used. Reload the page and try again."))
        return existing
    now = now or timezone.now()
    if locked.version.plan.status == WorkPlan.Status.DRAFT or not state_may_comment(
        delegation.member_state, locked, now
    ):
        raise PermissionDenied
    if not locked.has_opened(now):
        raise ValidationError(_("This comment round has not opened yet."), code="not_open")
    if not locked.takes_comments(now):
        raise _refuse_deadline(locked)
    paragraph = section = None
    if paragraph_key:
        paragraph = (
            Paragraph.objects.filter(version=locked.version_id, key=paragraph_key)
            .select_related("section")
            .first()
        )
        if paragraph is None:
            raise ValidationError({"paragraph": _("That paragraph is not in this version of the plan.")})
        section = paragraph.section
    elif section_key:
        section = Section.objects.filter(version=locked.version_id, key=section_key).first()
        if section is None:
            raise ValidationError({"paragraph": _("That section is not in this version of the plan.")})
    _check_content(kind=kind, body=body, proposed_text=proposed_text, paragraph=paragraph)
    try:
        with transaction.atomic():
            return Comment.objects.create(
                round=locked,
                member_state=delegation.member_state,
                author=user,
                paragraph=paragraph,
                section=section,
                kind=kind,
                body=body.strip(),
                body_html=render_markdown_subset(body),
                proposed_text=proposed_text.strip(),
                is_late=not locked.is_open(now),
                created_at=now,
                updated_at=now,
                idempotency_key=token,
            )
    except IntegrityError:
        # The same form was submitted twice at once: the other request created it.
        existing = Comment.objects.filter(idempotency_key=token, member_state=delegation.member_state).first()
        if existing is None:
            raise
        return existing


def _lock_for_change(comment: Comment, user, now):
    delegation = active_delegation(user)
    if delegation is None or delegation.member_state_id != comment.member_state_id:
        raise PermissionDenied
    locked_round = (
        CommentRound.objects.select_for_update()
        .select_related("version__plan__group")
        .get(pk=comment.round_id)
    )
    now = now or timezone.now()
    if not locked_round.is_open(now):
        raise _refuse_deadline(locked_round)
    return locked_round, now


@transaction.atomic
def update_comment(
    *,
    comment: Comment,
    user,
    expected_revision: int,
    kind: str,
    body: str = "",
    proposed_text: str = "",
    now=None,
) -> Comment:
    """Save an edit made from `expected_revision`; if someone saved since, raise EditConflict."""
    _round, now = _lock_for_change(comment, user, now)
    if comment.is_withdrawn():
        raise ValidationError(_("This comment was withdrawn."))
    paragraph = comment.paragraph
    _check_content(kind=kind, body=body, proposed_text=proposed_text, paragraph=paragraph)
    updated = Comment.objects.filter(
        pk=comment.pk, revision=expected_revision, status=Comment.Status.SUBMITTED
    ).update(
        kind=kind,
        body=body.strip(),
        body_html=render_markdown_subset(body),
        proposed_text=proposed_text.strip(),
        updated_at=now,
        last_edited_by=user,
        revision=F("revision") + 1,
    )
    if not updated:
        raise EditConflict(Comment.objects.filter(pk=comment.pk).first())
    return Comment.objects.get(pk=comment.pk)


@transaction.atomic
def withdraw_comment(*, comment: Comment, user, now=None) -> Comment:
    _round, now = _lock_for_change(comment, user, now)
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.WITHDRAWN, updated_at=now, last_edited_by=user, revision=F("revision") + 1
    )
    return Comment.objects.get(pk=comment.pk)


@transaction.atomic
def record_disposition(
    *,
    comment: Comment,
    by,
    disposition: str,
    response: str = "",
    resulting_paragraph: Paragraph | None = None,
) -> Comment:
    if disposition not in Comment.Disposition.values:
        raise ValidationError({"disposition": _("Choose a disposition.")})
    locked = Comment.objects.select_for_update().select_related("round__version").get(pk=comment.pk)
    if locked.is_withdrawn():
        raise ValidationError(_("This comment was withdrawn."))
    if resulting_paragraph is not None:
        version = resulting_paragraph.version
        if version.plan_id != locked.round.version.plan_id or version.number <= locked.round.version.number:
            raise ValidationError(
                {"resulting_paragraph": _("Link a paragraph of a later version of the same plan.")}
            )
    locked.disposition = disposition
    locked.response = response.strip()
    locked.response_html = render_markdown_subset(response)
    locked.disposed_by = by
    locked.disposed_at = timezone.now()
    locked.resulting_paragraph = resulting_paragraph
    locked.save(
        update_fields=[
            "disposition",
            "response",
            "response_html",
            "disposed_by",
            "disposed_at",
            "resulting_paragraph",
        ]
    )
    return locked


# Adoption -----------------------------------------------------------------------------------


@transaction.atomic
def adopt_plan(
    *,
    plan: WorkPlan,
    version: WorkPlanVersion,
    meeting: Meeting,
    decision_text: str,
    by,
    supersedes: WorkPlan | None = None,
) -> WorkPlan:
    """Record that `meeting` adopted `version`; the text is frozen and becomes public."""
    plan = _lock_plan(plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("This work plan was already adopted."))
    if version.plan_id != plan.pk:
        raise ValidationError({"version": _("Choose a version of this plan.")})
    if meeting.group_id != plan.group_id:
        raise ValidationError({"meeting": _("Choose a meeting of this plan's group.")})
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        raise ValidationError({"meeting": _("A draft or cancelled meeting cannot adopt a work plan.")})
    if not decision_text.strip():
        raise ValidationError({"decision_text": _("Record the decision.")})
    if CommentRound.objects.filter(version__plan=plan).open_at(timezone.now()).exists():
        raise ValidationError(_("A comment round on this plan is still open."))
    WorkPlanVersion.objects.filter(pk=version.pk).update(frozen=True)
    plan.status = WorkPlan.Status.ADOPTED
    plan.adopted_version = version
    plan.adopted_at = meeting
    plan.adopted_on = meeting.local_date()
    plan.decision_text = decision_text.strip()
    plan.save(update_fields=["status", "adopted_version", "adopted_at", "adopted_on", "decision_text"])
    if supersedes is not None and supersedes.pk != plan.pk and supersedes.group_id == plan.group_id:
        WorkPlan.objects.filter(pk=supersedes.pk, status=WorkPlan.Status.ADOPTED).update(
            status=WorkPlan.Status.SUPERSEDED
        )
    return plan


# Matrix export ------------------------------------------------------------------------------


@transaction.atomic
def request_matrix_pdf(*, comment_round: CommentRound, user, language: str) -> MatrixExport:
    export = MatrixExport.objects.create(round=comment_round, requested_by=user, language=language)
    transaction.on_commit(lambda: tasks.render_matrix_pdf.delay(str(export.pk)))
    return export
