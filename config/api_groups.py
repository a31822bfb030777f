"""Open API: working groups, member states and the states that support each group."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from config.api_base import VISITOR, Cursor
from groups.models import Membership, WorkingGroup
from members.models import MemberState

router = Router(tags=["groups and states"])


class MemberStateOut(Schema):
    iso2: str
    iso3: str
    name: str
    status: str
    member_since: int | None


class SupportingStateOut(Schema):
    iso2: str = Field(alias="member_state.iso2")
    iso3: str = Field(alias="member_state.iso3")
    name: str = Field(alias="member_state.name")
    since: datetime.date
    until: datetime.date | None


class GroupOut(Schema):
    slug: str
    name: str
    name_is_provisional: bool
    acronym: str
    status: str
    established_on: datetime.date
    mandate_reference: str
    mandate_title: str
    time_zone: str
    supporting_state_count: int = Field(alias="supporter_count")
    url: str

    @staticmethod
    def resolve_url(group, context) -> str:
        return context["request"].build_absolute_uri(group.get_absolute_url())


class GroupDetailOut(GroupOut):
    aims: str
    mandate_text: str
    mandate_url: str
    supporting_states: list[SupportingStateOut] = Field(alias="current_supporters")


class GroupFilter(Schema):
    status: WorkingGroup.Status | None = None


def groups():
    return WorkingGroup.objects.visible_to(VISITOR).with_supporter_count()


@router.get("/groups", response=list[GroupOut], summary="Working groups")
@paginate(Cursor)
def list_groups(request, filters: Query[GroupFilter]):
    found = groups()
    if filters.status:
        found = found.filter(status=filters.status)
    return found


@router.get("/groups/{slug}", response=GroupDetailOut, summary="A working group and its supporting states")
def group_detail(request, slug: str):
    current = Membership.objects.current().select_related("member_state").order_by("member_state__name")
    return get_object_or_404(
        groups().prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_supporters")),
        slug=slug,
    )


@router.get("/member-states", response=list[MemberStateOut], summary="Member states of the organisation")
@paginate(Cursor)
def list_member_states(request):
    return MemberState.objects.all()
