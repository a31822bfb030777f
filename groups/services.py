"""Workflows on working groups: the group itself, supporting states, officers and join requests."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.enqueue import enqueue_after_commit
from members.models import MemberState
from members.permissions import active_delegation
from members.translated import language_columns
from members.translation_status import snapshot, stamp_edit

from . import tasks
from .models import JoinRequest, Membership, Officer, WorkingGroup


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "group"
    slug, number = base, 2
    while WorkingGroup.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_group(*, fields: dict, by=None) -> WorkingGroup:
    """A new group; its address comes from its English name and never changes afterwards."""
    group = WorkingGroup(**fields)
    group.provisional_name = fields.get("provisional_name_en") or fields.get("provisional_name", "")
    group.slug = _unique_slug(group.provisional_name)
    group.full_clean()
    group.save()
    stamp_edit(obj=group, before={}, by=by)
    return group


@transaction.atomic
def update_group(*, group: WorkingGroup, fields: dict, by=None) -> WorkingGroup:
    """Save the record; translations typed here are stamped (see members.translation_status)."""
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status == WorkingGroup.Status.CONCLUDED:
        raise ValidationError(_("This group has concluded; its record can no longer be changed."))
    before = snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    if "provisional_name_en" in fields:
        locked.provisional_name = fields["provisional_name_en"]
    locked.full_clean()
    locked.save()
    stamp_edit(obj=locked, before=before, by=by)
    return locked


@transaction.atomic
def close_group(*, group: WorkingGroup, concluded_on: datetime.date, note: str, by) -> WorkingGroup:
    """Conclude the group: it stays on record, closed to new participants; supports end that day."""
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status == WorkingGroup.Status.CONCLUDED:
        raise ValidationError(_("This group has already concluded."))
    if concluded_on < locked.established_on:
        raise ValidationError({"concluded_on": _("A group cannot conclude before it was established.")})
    if concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("Record the conclusion on or after the day it happens.")})
    if not note.strip():
        raise ValidationError({"note": _("Say how the group concluded.")})
    locked.status = WorkingGroup.Status.CONCLUDED
    locked.concluded_on = concluded_on
    locked.conclusion_note = note.strip()
    locked.open_to_participation = False
    locked.save()
    for membership in locked.memberships.filter(until__isnull=True, since__lte=concluded_on):
        end_support(membership=membership, until=concluded_on)
    for join_request in locked.join_requests.pending():
        # Each delegation is told, with the group's own note as the reason.
        decline_join_request(join_request=join_request, decided_by=by, reason=locked.conclusion_note)
    return locked


@transaction.atomic
def add_supporting_state(
    *, group: WorkingGroup, member_state: MemberState, since: datetime.date, note: str = ""
) -> Membership:
    # Lock the group so two staff adding the same state at once cannot both succeed.
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    if not member_state.is_active_member():
        raise ValidationError(
            {"member_state": _("%(state)s is not an active member state.") % {"state": member_state}}
        )
    if group.memberships.filter(member_state=member_state, until__isnull=True).exists():
        raise ValidationError(
            {"member_state": _("%(state)s already supports this group.") % {"state": member_state}}
        )
    return Membership.objects.create(group=group, member_state=member_state, since=since, note=note)


@transaction.atomic
def end_support(*, membership: Membership, until: datetime.date) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.until is not None:
        raise ValidationError(_("This support already ended on %(date)s.") % {"date": locked.until})
    if until < locked.since:
        raise ValidationError({"until": _("The end date cannot be before the start date.")})
    locked.until = until
    locked.save(update_fields=["until"])
    return locked


@transaction.atomic
def appoint_officer(
    *,
    group: WorkingGroup,
    role: str,
    member_state: MemberState,
    person_name: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    selection: str = Officer.Selection.CONSENSUS,
    selection_note: str = "",
    person_title: str = "",
    original_language: str = "en",
    by=None,
    **translations: str,
) -> Officer:
    """`translations`: the texts' per-language columns (person_title_es=..., selection_note_fr=...)."""
    unknown = set(translations) - set(language_columns("person_title") + language_columns("selection_note"))
    if unknown:
        raise TypeError(f"Unknown officer fields: {sorted(unknown)}")
    if term_end and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    if not group.supports(member_state, on=term_start):
        raise ValidationError(
            {
                "member_state": _(
                    "%(state)s does not support this group on %(date)s; officers come from supporting states."
                )
                % {"state": member_state, "date": term_start}
            }
        )
    if role in (Officer.Role.PRESIDENT, Officer.Role.CHAIR, Officer.Role.COORDINATOR):
        # A single president, chair or coordinator at a time: the outgoing term ends the day before.
        for current in group.officers.current(term_start).filter(role=role).select_for_update():
            current.term_end = max(current.term_start, term_start - datetime.timedelta(days=1))
            current.save(update_fields=["term_end"])
    officer = Officer.objects.create(
        group=group,
        role=role,
        member_state=member_state,
        person_name=person_name,
        person_title=person_title,
        term_start=term_start,
        term_end=term_end,
        selection=selection,
        selection_note=selection_note,
        original_language=original_language,
        **translations,
    )
    stamp_edit(obj=officer, before={}, by=by)
    return officer


@transaction.atomic
def end_officer_term(*, officer: Officer, term_end: datetime.date) -> Officer:
    """An officer's term ends on `term_end` (a decision of the group records why)."""
    locked = Officer.objects.select_for_update().get(pk=officer.pk)
    if locked.term_end is not None and locked.term_end < term_end:
        raise ValidationError(
            {"officer_ended": _("This term already ended on %(date)s.") % {"date": locked.term_end}}
        )
    if term_end < locked.term_start:
        raise ValidationError({"officer_ended": _("A term cannot end before it starts.")})
    locked.term_end = term_end
    locked.save(update_fields=["term_end"])
    return locked


@transaction.atomic
def adopt_rules_of_procedure(*, group: WorkingGroup, text: str, adopted_on: datetime.date) -> WorkingGroup:
    if not text.strip():
        raise ValidationError({"rules_of_procedure": _("Give the text of the rules of procedure.")})
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status == WorkingGroup.Status.CONCLUDED:
        raise ValidationError(_("This group has concluded; its record can no longer be changed."))
    locked.rules_of_procedure = text.strip()
    locked.rules_adopted_on = adopted_on
    locked.save(update_fields=["rules_of_procedure", "rules_adopted_on"])
    return locked


@transaction.atomic
def adopt_name(*, group: WorkingGroup, names: dict[str, str], adopted_on: datetime.date) -> WorkingGroup:
    """The group adopts its name ({"en": ..., "es": ...}); English is required, others fall back to it."""
    english = (names.get("en") or "").strip()
    if not english:
        raise ValidationError({"adopted_name": _("Give the adopted name in English at least.")})
    locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status == WorkingGroup.Status.CONCLUDED:
        raise ValidationError(_("This group has concluded; its record can no longer be changed."))
    # English active so the untranslated column (read by the name constraint) holds the English name.
    with translation.override("en"):
        for code in ("es", "fr", "pt"):
            setattr(locked, f"adopted_name_{code}", (names.get(code) or "").strip())
        locked.adopted_name = english
        locked.name_adopted_on = adopted_on
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def request_to_join(
    *, group: WorkingGroup, user, member_state: MemberState, message: str = ""
) -> JoinRequest:
    delegation = active_delegation(user)
    if delegation is None or delegation.member_state_id != member_state.pk:
        raise ValidationError(_("You may only ask to join on behalf of the state you represent."))
    if not group.open_to_participation:
        raise ValidationError(_("This group is not open to new participants."))
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    if group.supports(member_state):
        raise ValidationError(_("%(state)s already supports this group.") % {"state": member_state})
    if group.join_requests.pending().filter(member_state=member_state).exists():
        raise ValidationError(
            _("A request from %(state)s is already waiting for a decision.") % {"state": member_state}
        )
    join_request = JoinRequest.objects.create(
        group=group, member_state=member_state, requested_by=user, message=message
    )
    enqueue_after_commit(tasks.notify_secretariat_of_join_request, join_request.pk)
    return join_request


@transaction.atomic
def approve_join_request(*, join_request: JoinRequest, decided_by, reason: str = "") -> bool:
    """Approve and make the state a supporter. Returns False if it was already decided."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not locked.is_pending():
        return False
    locked.status = JoinRequest.Status.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if not locked.group.supports(locked.member_state):
        Membership.objects.create(
            group=locked.group,
            member_state=locked.member_state,
            since=timezone.localdate(),
            note=_("Joined on request"),
        )
    enqueue_after_commit(tasks.notify_join_request_decision, locked.pk)
    return True


@transaction.atomic
def decline_join_request(*, join_request: JoinRequest, decided_by, reason: str) -> bool:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the delegation a reason for declining.")})
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not locked.is_pending():
        return False
    locked.status = JoinRequest.Status.DECLINED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    enqueue_after_commit(tasks.notify_join_request_decision, locked.pk)
    return True
