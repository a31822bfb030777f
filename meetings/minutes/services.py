"""Minutes workflow: draft -> circulated (corrections until a date) -> approved at a later meeting -> published.

Approved minutes are never edited in place: `correct_approved_minutes` keeps the old text as
a revision and raises the revision number. Every change schedules the PDF to be re-rendered.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import services as group_services
from groups.models import Officer
from meetings import announce, notifications
from meetings import tasks as meeting_tasks
from meetings.models import Meeting
from members.enqueue import enqueue_after_commit
from members.permissions import active_delegation

from . import tasks
from .models import (
    Decision,
    FollowUpAction,
    Minutes,
    MinutesCorrection,
    MinutesItem,
    MinutesRevision,
    print_languages,
)

EDITABLE_FIELDS = (
    "symbol",
    "original_language",
    "chair",
    "opening",
    "next_steps",
    "next_meeting",
    "next_meeting_text",
)
NOT_EDITABLE = _(
    "Approved minutes cannot be edited. Record a correction instead: it becomes a new revision and "
    "the earlier text is kept."
)


def _render_later(minutes: Minutes) -> None:
    """Every language's PDF is remade, one task each, so no reader gets a stale revision."""
    for language in print_languages():
        enqueue_after_commit(tasks.render_minutes_pdf, minutes.pk, language)


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting__group").get(pk=minutes.pk)


def _check_editable(minutes: Minutes) -> None:
    if not minutes.is_editable():
        raise ValidationError(NOT_EDITABLE)


def default_symbol(meeting: Meeting) -> str:
    return f"{meeting.group.symbol_acronym()}/MIN.{meeting.number}/{meeting.local_date():%y}"


def current_chair(meeting: Meeting) -> str:
    chair = (
        meeting.group.officers.current(meeting.local_date())
        .filter(role=Officer.Role.CHAIR)
        .select_related("member_state")
        .first()
    )
    return f"{chair.person_name} ({chair.member_state})" if chair else ""


@transaction.atomic
def start_minutes(*, meeting: Meeting) -> Minutes:
    """Draft minutes for a meeting that took place, one section per agenda item."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if hasattr(meeting, "minutes"):
        return meeting.minutes
    if not meeting.has_taken_place():
        raise ValidationError(_("Minutes are written once the meeting has been held."))
    minutes = Minutes.objects.create(
        meeting=meeting, symbol=default_symbol(meeting), chair=current_chair(meeting)
    )
    MinutesItem.objects.bulk_create(
        MinutesItem(minutes=minutes, agenda_item=item, position=index, title=item.title, summary=item.outcome)
        for index, item in enumerate(meeting.agenda_items.all(), start=1)
    )
    return minutes


@transaction.atomic
def update_minutes(
    *, minutes: Minutes, items: dict[int, str] | None = None, decisions: list[str] | None = None, **fields
) -> Minutes:
    """Edit draft or circulated minutes: fields, item summaries ({item id: summary}), decisions (in order)."""
    locked = _lock(minutes)
    _check_editable(locked)
    _apply(locked, items=items, decisions=decisions, **fields)
    _render_later(locked)
    return locked


def _apply(minutes: Minutes, *, items=None, decisions=None, **fields) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    next_meeting = fields.get("next_meeting")
    if next_meeting is not None and (
        next_meeting.group_id != minutes.meeting.group_id
        or next_meeting.starts_at <= minutes.meeting.starts_at
    ):
        raise ValidationError({"next_meeting": _("Choose a later meeting of the same group.")})
    for name, value in fields.items():
        setattr(minutes, name, value)
    minutes.save()
    if items:
        for item in minutes.items.filter(pk__in=list(items)):
            if item.summary != items[item.pk]:
                item.summary = items[item.pk]
                item.save(update_fields=["summary"])
    if decisions is not None:
        # Updated in place by number, so a decision's kind, agenda item, translations and
        # follow-up actions (recorded through record_decision) survive an edit of its wording.
        texts = [text.strip() for text in decisions if text.strip()]
        existing = {decision.number: decision for decision in minutes.decisions.all()}
        minutes.decisions.filter(number__gt=len(texts)).delete()
        for number, text in enumerate(texts, start=1):
            decision = existing.get(number)
            if decision is None:
                Decision.objects.create(minutes=minutes, number=number, text=text)
            elif decision.text != text:
                decision.text = text
                decision.save(update_fields=["text"])


def snapshot(minutes: Minutes) -> dict:
    return {
        "symbol": minutes.symbol,
        "chair": minutes.chair,
        "opening": minutes.opening,
        "next_steps": minutes.next_steps,
        "next_meeting_id": minutes.next_meeting_id,
        "next_meeting_text": minutes.next_meeting_text,
        "items": [
            {"title": item.title, "summary": item.summary, "agenda_item_id": item.agenda_item_id}
            for item in minutes.items.all()
        ],
        "decisions": [{"number": d.number, "text": d.text} for d in minutes.decisions.all()],
    }


@transaction.atomic
def circulate_minutes(*, minutes: Minutes, corrections_until: datetime.date, by) -> Minutes:
    locked = _lock(minutes)
    if locked.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    if corrections_until is None or corrections_until <= timezone.localdate():
        raise ValidationError({"corrections_until": _("Give delegations until a date after today.")})
    locked.status = Minutes.Status.CIRCULATED
    locked.corrections_until = corrections_until
    locked.circulated_at = timezone.now()
    locked.save()
    MinutesRevision.objects.create(
        minutes=locked, number=locked.revision, status=locked.status, content=snapshot(locked), created_by=by
    )
    _render_later(locked)
    notifications.tell_subscribers(meeting=locked.meeting, kind=notifications.MINUTES_CIRCULATED)
    enqueue_after_commit(meeting_tasks.deliver_meeting_mail)
    return locked


@transaction.atomic
def submit_correction(*, minutes: Minutes, user, text: str) -> MinutesCorrection:
    """A delegation asks for a correction, on behalf of its state, while the window is open."""
    locked = _lock(minutes)
    delegation = active_delegation(user)
    if delegation is None:
        raise ValidationError(_("Only delegates may send corrections on behalf of their state."))
    if not locked.accepts_corrections():
        raise ValidationError(_("These minutes are not open for corrections."))
    if not text.strip():
        raise ValidationError({"text": _("Write the correction you are asking for.")})
    return MinutesCorrection.objects.create(
        minutes=locked,
        member_state=delegation.member_state,
        submitted_by=user,
        text=text.strip(),
        revision=locked.revision,
    )


@transaction.atomic
def approve_minutes(*, minutes: Minutes, at_meeting: Meeting) -> Minutes:
    locked = _lock(minutes)
    if locked.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Only circulated minutes can be approved."))
    meeting = locked.meeting
    if (
        at_meeting is None
        or at_meeting.group_id != meeting.group_id
        or at_meeting.starts_at <= meeting.starts_at
    ):
        raise ValidationError({"at_meeting": _("Minutes are approved at a later meeting of the same group.")})
    if not at_meeting.is_held_or_in_progress():
        raise ValidationError(
            {
                "at_meeting": _(
                    "The %(meeting)s has not been held (its status is: %(status)s). Minutes are approved "
                    "only at a meeting that has been held or is in progress."
                )
                % {"meeting": at_meeting.ordinal_name(), "status": at_meeting.get_status_display()}
            }
        )
    locked.status = Minutes.Status.APPROVED
    locked.approved_at_meeting = at_meeting
    locked.save()
    _render_later(locked)
    notifications.tell_subscribers(meeting=meeting, kind=notifications.MINUTES_APPROVED)
    enqueue_after_commit(meeting_tasks.deliver_meeting_mail)
    return locked


@transaction.atomic
def publish_minutes(*, minutes: Minutes) -> Minutes:
    locked = _lock(minutes)
    if locked.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Only approved minutes can be published."))
    locked.status = Minutes.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save()
    _render_later(locked)
    announce.public_decisions(locked)
    return locked


@transaction.atomic
def correct_approved_minutes(
    *, minutes: Minutes, by, reason: str, items: dict[int, str] | None = None, decisions=None, **fields
) -> Minutes:
    """Issue a corrected revision of approved minutes; the text as it stood is kept."""
    locked = _lock(minutes)
    if not locked.is_approved():
        raise ValidationError(_("Only approved minutes are corrected by revision; edit these directly."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the correction is and who asked for it.")})
    MinutesRevision.objects.create(
        minutes=locked, number=locked.revision, status=locked.status, content=snapshot(locked), created_by=by
    )
    locked.revision += 1
    _apply(locked, items=items, decisions=decisions, **fields)
    MinutesRevision.objects.create(
        minutes=locked,
        number=locked.revision,
        status=locked.status,
        content=snapshot(locked),
        reason=reason.strip(),
        created_by=by,
    )
    _render_later(locked)
    return locked


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    agenda_item,
    kind: str,
    texts: dict[str, str],
    by,
    adopted_name: dict[str, str] | None = None,
    officer: dict | None = None,
    end_officer: Officer | None = None,
    rules_of_procedure: str | None = None,
    actions: list[dict] | None = None,
) -> Decision:
    """Record a decision of a held (or sitting) meeting, with what it changes, in one transaction.

    `texts` is {"en": ..., "es": ..., "fr": ..., "pt": ...}; `adopted_name` the same for a name the
    group adopts; `officer` the keyword arguments of groups' appoint_officer (without group); each
    action {"what", "member_state" | "officer" | "secretariat_unit", "due_on"}; `end_officer` an
    officer of the group whose term ends on the meeting's day; `rules_of_procedure` the text the group
    adopts. A work plan is adopted through workplans' adopt_plan, which records its decision here. The
    decision and the
    group's state are saved together, so the register never disagrees with the group page.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not meeting.is_held_or_in_progress():
        raise ValidationError(
            _(
                "The %(meeting)s has not been held (its status is: %(status)s). Decisions are recorded "
                "only for a meeting that has been held or is in progress."
            )
            % {"meeting": meeting.ordinal_name(), "status": meeting.get_status_display()}
        )
    # A decision sits under one of the meeting's agenda items; only a meeting with no agenda
    # recorded (an adoption recorded from a work plan's page, say) takes one without.
    if (agenda_item is not None and agenda_item.meeting_id != meeting.pk) or (
        agenda_item is None and meeting.agenda_items.exists()
    ):
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of decision.")})
    english = (texts.get("en") or "").strip()
    if not english:
        raise ValidationError({"text": _("Write the decision in English at least.")})
    if (adopted_name or officer or end_officer or rules_of_procedure) and kind != Decision.Kind.PROCEDURAL:
        raise ValidationError(
            {
                "kind": _(
                    "Adopting the name or the rules of procedure, appointing an officer or ending a term "
                    "is a procedural decision."
                )
            }
        )
    if end_officer is not None and end_officer.group_id != meeting.group_id:
        raise ValidationError({"officer_ended": _("Choose an officer of this group.")})
    minutes = getattr(meeting, "minutes", None) or Minutes.objects.create(
        meeting=meeting, symbol=default_symbol(meeting), chair=current_chair(meeting)
    )
    minutes = _lock(minutes)
    _check_editable(minutes)
    decision = Decision(
        minutes=minutes,
        number=(minutes.decisions.aggregate(top=models.Max("number"))["top"] or 0) + 1,
        kind=kind,
        agenda_item=agenda_item,
        text=english,
        text_es=(texts.get("es") or "").strip(),
        text_fr=(texts.get("fr") or "").strip(),
        text_pt=(texts.get("pt") or "").strip(),
    )
    if adopted_name:
        group = group_services.adopt_name(
            group=meeting.group, names=adopted_name, adopted_on=meeting.local_date()
        )
        decision.adopted_name = group.adopted_name
    if officer:
        decision.officer = group_services.appoint_officer(
            group=meeting.group, **{"term_start": meeting.local_date(), **officer}
        )
    if end_officer is not None:
        decision.officer_ended = group_services.end_officer_term(
            officer=end_officer, term_end=meeting.local_date()
        )
    if rules_of_procedure:
        group_services.adopt_rules_of_procedure(
            group=meeting.group, text=rules_of_procedure, adopted_on=meeting.local_date()
        )
        decision.rules_adopted = True
    decision.save()
    for action in actions or []:
        follow_up = FollowUpAction(decision=decision, **action)
        _check_action(follow_up)
        follow_up.save()
    _render_later(minutes)
    notifications.tell_subscribers(meeting=meeting, kind=notifications.DECISION_RECORDED, decision=decision)
    enqueue_after_commit(meeting_tasks.deliver_meeting_mail)
    return decision


ACTION_FIELDS = ("what", "member_state", "officer", "secretariat_unit", "due_on")


def _check_action(action: FollowUpAction) -> None:
    """One responsible (a state, an officer of the group or a secretariat unit) and something to do."""
    if not action.what.strip():
        raise ValidationError({"what": _("Say what is to be done.")})
    chosen = [
        name for name in ("member_state", "officer", "secretariat_unit") if getattr(action, f"{name}_id")
    ]
    if len(chosen) != 1:
        raise ValidationError(
            _("Name one responsible: a member state, an officer or a secretariat unit (only one).")
        )
    group_id = action.decision.minutes.meeting.group_id
    if action.officer_id and action.officer.group_id != group_id:
        raise ValidationError({"officer": _("Choose an officer of this group.")})
    action.what = action.what.strip()
    action.full_clean()


@transaction.atomic
def add_follow_up_action(*, decision: Decision, **fields) -> FollowUpAction:
    """A follow-up action of a recorded decision: {"what", one responsible, "due_on"}."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Not an action field: {sorted(unknown)}")
    decision = Decision.objects.select_related("minutes__meeting").get(pk=decision.pk)
    action = FollowUpAction(decision=decision, **fields)
    _check_action(action)
    action.save()
    return action


@transaction.atomic
def update_follow_up_action(*, action: FollowUpAction, **fields) -> FollowUpAction:
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Not an action field: {sorted(unknown)}")
    locked = (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("decision__minutes__meeting")
        .get(pk=action.pk)
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_action(locked)
    locked.save()
    return locked


@transaction.atomic
def set_action_status(*, action: FollowUpAction, status: str) -> FollowUpAction:
    if status not in FollowUpAction.Status.values:
        raise ValidationError({"status": _("Choose open, done or cancelled.")})
    locked = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    locked.status = status
    locked.save(update_fields=["status"])
    return locked
