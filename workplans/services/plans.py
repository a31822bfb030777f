"""Workflows on work plans and their versions: drafting, importing, revising, editing, adoption."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.minutes import services as minutes_services
from meetings.models import AgendaItem, Decision, Meeting
from members.enqueue import enqueue_after_commit
from members.tasks import deliver_outbox

from .. import notifications
from ..models import Activity, CommentRound, Paragraph, Section, WorkPlan, WorkPlanVersion
from ..text import parse_plan_markdown, similarity


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


def lock_plan(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


def latest_version(plan: WorkPlan) -> WorkPlanVersion | None:
    return plan.versions.order_by("-number").first()


@transaction.atomic
def import_version(*, plan: WorkPlan, author, markdown: str, change_note: str = "") -> WorkPlanVersion:
    """A new version from Markdown. Paragraphs that resemble one of the previous version keep its key."""
    plan = lock_plan(plan)
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
    plan = lock_plan(plan)
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
    *,
    version: WorkPlanVersion,
    sections: list[SectionInput],
    activities,
    change_note: str | None = None,
    original_language: str | None = None,
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
    if original_language is not None:
        version.original_language = original_language
        fields.append("original_language")
    version.save(update_fields=fields)
    return version


@transaction.atomic
def adopt_plan(
    *,
    plan: WorkPlan,
    version: WorkPlanVersion,
    meeting: Meeting,
    decision_text: str,
    by,
    supersedes: WorkPlan | None = None,
    agenda_item: AgendaItem | None = None,
) -> WorkPlan:
    """Record that `meeting` adopted `version`; the text is frozen and becomes public.

    The adoption is a decision of the meeting: it enters the register (through meetings, under
    `agenda_item`) in the same transaction, so the plan and the register never disagree.
    """
    plan = lock_plan(plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("This work plan was already adopted."))
    if version.plan_id != plan.pk:
        raise ValidationError({"version": _("Choose a version of this plan.")})
    if meeting.group_id != plan.group_id:
        raise ValidationError({"meeting": _("Choose a meeting of this plan's group.")})
    if not meeting.is_held_or_in_progress():
        raise ValidationError(
            {
                "meeting": _(
                    "The %(meeting)s has not been held (its status is: %(status)s). A work plan is adopted "
                    "only at a meeting that has been held or is in progress."
                )
                % {"meeting": meeting.ordinal_name(), "status": meeting.get_status_display()}
            }
        )
    if not decision_text.strip():
        raise ValidationError({"decision_text": _("Record the decision.")})
    if CommentRound.objects.filter(version__plan=plan).open_at(timezone.now()).exists():
        raise ValidationError(_("A comment round on this plan is still open."))
    version.frozen = True
    version.save(update_fields=["frozen"])
    plan.status = WorkPlan.Status.ADOPTED
    plan.adopted_version = version
    plan.adopted_at = meeting
    plan.adopted_on = meeting.local_date()
    plan.decision_text = decision_text.strip()
    plan.save(update_fields=["status", "adopted_version", "adopted_at", "adopted_on", "decision_text"])
    minutes_services.record_decision(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=Decision.Kind.ADOPTION,
        texts={"en": plan.decision_text},
        by=by,
    )
    if supersedes is not None and supersedes.pk != plan.pk and supersedes.group_id == plan.group_id:
        superseded = WorkPlan.objects.filter(pk=supersedes.pk, status=WorkPlan.Status.ADOPTED).first()
        if superseded is not None:
            superseded.status = WorkPlan.Status.SUPERSEDED
            superseded.save(update_fields=["status"])
    notifications.tell_subscribers_of_adoption(plan=plan)
    enqueue_after_commit(deliver_outbox, [notifications.PLAN_ADOPTED])
    return plan
