"""Open API: adopted work plans (with their adopted text) and published press releases."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from config.api_base import VISITOR, Cursor, IsoDate
from config.api_meetings import MAX_ID
from press.models import PressRelease
from workplans.models import Section, WorkPlan, WorkPlanVersion

router = Router(tags=["work plans and press releases"])


class WorkPlanOut(Schema):
    id: int
    group: str = Field(alias="group.slug")
    title: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    proposed_by: str
    adopted_on: datetime.date | None
    adopted_at_meeting: int | None = Field(alias="adopted_at_id")
    decision_text: str
    url: str

    @staticmethod
    def resolve_proposed_by(plan) -> str:
        return plan.proposer_display()

    @staticmethod
    def resolve_url(plan, context) -> str:
        return context["request"].build_absolute_uri(plan.get_absolute_url())


class ParagraphOut(Schema):
    number: int
    text: str


class SectionOut(Schema):
    number: int
    heading: str
    paragraphs: list[ParagraphOut]


class ActivityOut(Schema):
    position: int
    objective: str
    activity: str
    responsible: str
    timeline: str


class AdoptedTextOut(Schema):
    version: int = Field(alias="number")
    sections: list[SectionOut]
    activities: list[ActivityOut]


class WorkPlanDetailOut(WorkPlanOut):
    adopted_text: AdoptedTextOut | None = Field(None, alias="adopted_version")


class PlanFilter(Schema):
    group: str | None = Field(None, description="Slug of a working group", max_length=80)
    status: str | None = Field(None, pattern="^(adopted|superseded)$")


class ReleaseOut(Schema):
    reference: str
    language: str
    group: str = Field(alias="release_set.group.slug")
    meeting: int | None = Field(alias="release_set.meeting_id")
    title: str
    place: str
    summary: str
    body_html: str
    published_at: datetime.datetime
    corrected_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_url(release, context) -> str:
        return context["request"].build_absolute_uri(release.get_absolute_url())


class ReleaseFilter(Schema):
    group: str | None = Field(None, description="Slug of a working group", max_length=80)
    language: str | None = Field(None, pattern="^(en|es|fr|pt)$")
    since: IsoDate | None = Field(None, description="Published on or after this date (UTC)")
    until: IsoDate | None = Field(None, description="Published on or before this date (UTC)")


RELEASE_COLUMNS = (
    "reference",
    "language",
    "slug",
    "title",
    "place",
    "summary",
    "body_html",
    "status",
    "published_at",
    "corrected_at",
    "release_set__meeting_id",
    "release_set__group__slug",
)


def plans():
    return WorkPlan.objects.visible_to(VISITOR).select_related("group", "proposer_state")


@router.get("/workplans", response=list[WorkPlanOut], summary="Adopted (and superseded) work plans")
@paginate(Cursor)
def list_workplans(request, filters: Query[PlanFilter]):
    found = plans()
    if filters.group:
        found = found.filter(group__slug=filters.group)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


@router.get("/workplans/{plan_id}", response=WorkPlanDetailOut, summary="A work plan and its adopted text")
def workplan_detail(request, plan_id: int = Path(..., ge=1, le=MAX_ID)):
    # Only a frozen (adopted) version is public text; the visitor's visible_to says which.
    adopted = WorkPlanVersion.objects.visible_to(VISITOR).prefetch_related(
        Prefetch("sections", queryset=Section.objects.prefetch_related("paragraphs")), "activities"
    )
    found = plans().prefetch_related(Prefetch("adopted_version", queryset=adopted))
    return get_object_or_404(found, pk=plan_id)


@router.get("/press-releases", response=list[ReleaseOut], summary="Published press releases")
@paginate(Cursor)
def list_releases(request, filters: Query[ReleaseFilter]):
    # Only the columns the schema shows: a release row also carries its source text, PDF and image
    # fields, and the group every translated name (most of a request's CPU went into building them).
    found = (
        PressRelease.objects.visible_to(VISITOR).select_related("release_set__group").only(*RELEASE_COLUMNS)
    )
    if filters.group:
        found = found.filter(release_set__group__slug=filters.group)
    if filters.language:
        found = found.filter(language=filters.language)
    if filters.since:
        found = found.filter(published_at__date__gte=filters.since)
    if filters.until:
        found = found.filter(published_at__date__lte=filters.until)
    return found
