"""Workflows on comments: sending, editing, withdrawing (delegations) and dispositions (secretariat)."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.audit import record_change
from members.permissions import active_delegation

from ..models import Comment, CommentRound, Paragraph, Section, WorkPlan
from ..permissions import state_may_comment
from ..text import render_markdown_subset
from .rounds import format_deadline


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
    language: str = "en",
    now=None,
) -> Comment:
    """Send a comment on behalf of the user's state. The same token twice gives the same comment.

    `language` is the one the delegate wrote in; the comment keeps it and is shown with it.
    """
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
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    try:
        with transaction.atomic():
            return Comment.objects.create(
                language=language,
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
    edited = Comment.objects.get(pk=comment.pk)
    record_change(edited, user=user)
    return edited


@transaction.atomic
def withdraw_comment(*, comment: Comment, user, now=None) -> Comment:
    _round, now = _lock_for_change(comment, user, now)
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.WITHDRAWN, updated_at=now, last_edited_by=user, revision=F("revision") + 1
    )
    withdrawn = Comment.objects.get(pk=comment.pk)
    record_change(withdrawn, user=user)
    return withdrawn


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
