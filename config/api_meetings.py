"""Open API: meetings with their agenda and attendance, papers and decisions."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from config.api_base import VISITOR, Cursor, IsoDate
from meetings.models import AgendaItem, Decision, Document, Meeting

router = Router(tags=["meetings"])
MAX_ID = 2**31 - 1  # the largest primary key; anything bigger is a bad request, not a database error


class DateRange(Schema):
    group: str | None = Field(None, description="Slug of a working group", max_length=80)
    since: IsoDate | None = Field(None, description="On or after this date (UTC)")
    until: IsoDate | None = Field(None, description="On or before this date (UTC)")

    def apply(self, queryset, *, group: str, when: str):
        if self.group:
            queryset = queryset.filter(**{f"{group}__slug": self.group})
        if self.since:
            queryset = queryset.filter(**{f"{when}__date__gte": self.since})
        if self.until:
            queryset = queryset.filter(**{f"{when}__date__lte": self.until})
        return queryset


class MeetingOut(Schema):
    id: int
    group: str = Field(alias="group.slug")
    number: int
    name: str
    title: str
    format: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    location: str
    url: str

    @staticmethod
    def resolve_name(meeting) -> str:
        return str(meeting.ordinal_name())

    @staticmethod
    def resolve_location(meeting) -> str:
        return meeting.location_text()

    @staticmethod
    def resolve_url(meeting, context) -> str:
        return context["request"].build_absolute_uri(meeting.get_absolute_url())


class AgendaItemOut(Schema):
    position: int
    title: str
    description: str
    presenter: str
    minutes_allotted: int | None
    outcome: str


class AttendanceOut(Schema):
    in_person: int
    online: int
    absent: int
    excused: int
    countries_present: int
    supporting_present: int
    supporting_total: int
    quorum: int
    quorum_met: bool


class PaperFileOut(Schema):
    language: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(row, context) -> str:
        return context["request"].build_absolute_uri(row.get_absolute_url())


class PaperOut(Schema):
    id: int
    symbol: str
    title: str
    language: str = Field(description="The paper's original language")
    meeting: int = Field(alias="meeting_id")
    agenda_item_position: int | None = Field(None, alias="agenda_item.position")
    content_type: str = Field(description="Of the file in the original language")
    size: int = Field(description="Of the file in the original language")
    uploaded_at: datetime.datetime
    download_url: str = Field(description="The file in the original language")
    versions: list[PaperFileOut] = Field(description="One file per language the paper exists in")

    @staticmethod
    def resolve_content_type(document) -> str:
        return document.file_for(document.language).content_type

    @staticmethod
    def resolve_size(document) -> int:
        return document.file_for(document.language).size

    @staticmethod
    def resolve_download_url(document, context) -> str:
        original = document.file_for(document.language)
        return context["request"].build_absolute_uri(original.get_absolute_url())

    @staticmethod
    def resolve_versions(document) -> list:
        return document.language_files()


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(alias="agenda_items")
    papers: list[PaperOut] = Field(alias="public_papers")
    attendance: AttendanceOut | None

    @staticmethod
    def resolve_attendance(meeting):
        # Counts are a record of what happened: none before the meeting is held.
        return meeting.attendance_summary() if meeting.has_taken_place() else None


class DecisionOut(Schema):
    id: int
    number: int
    text: str
    meeting: int = Field(alias="minutes.meeting_id")
    group: str = Field(alias="minutes.meeting.group.slug")
    meeting_starts_at: datetime.datetime = Field(alias="minutes.meeting.starts_at")
    minutes_url: str

    @staticmethod
    def resolve_minutes_url(decision, context) -> str:
        return context["request"].build_absolute_uri(decision.minutes.get_absolute_url())


class PaperFilter(DateRange):
    meeting: int | None = Field(None, ge=1, le=MAX_ID)
    language: str | None = Field(None, pattern="^(en|es|fr|pt)$")


def meetings():
    return Meeting.objects.visible_to(VISITOR).select_related("group", "room")


def papers():
    return Document.objects.visible_to(VISITOR).select_related("agenda_item").prefetch_related("files")


@router.get("/meetings", response=list[MeetingOut], summary="Meetings, by group and date")
@paginate(Cursor)
def list_meetings(request, filters: Query[DateRange]):
    return filters.apply(meetings(), group="group", when="starts_at")


@router.get(
    "/meetings/{meeting_id}", response=MeetingDetailOut, summary="A meeting: agenda, papers, attendance"
)
def meeting_detail(request, meeting_id: int = Path(..., ge=1, le=MAX_ID)):
    found = meetings().prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
        Prefetch("documents", queryset=papers(), to_attr="public_papers"),
    )
    return get_object_or_404(found, pk=meeting_id)


@router.get("/papers", response=list[PaperOut], summary="Public meeting papers")
@paginate(Cursor)
def list_papers(request, filters: Query[PaperFilter]):
    found = filters.apply(papers(), group="meeting__group", when="uploaded_at")
    if filters.meeting:
        found = found.filter(meeting_id=filters.meeting)
    if filters.language:
        # Papers that can be read in the language, original or translated.
        found = found.filter(files__language=filters.language)
    return found


@router.get("/decisions", response=list[DecisionOut], summary="Decisions in published minutes")
@paginate(Cursor)
def list_decisions(request, filters: Query[DateRange]):
    found = Decision.objects.visible_to(VISITOR).select_related("minutes__meeting__group")
    return filters.apply(found, group="minutes__meeting__group", when="minutes__meeting__starts_at")
