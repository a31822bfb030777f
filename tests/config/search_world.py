"""Records that all mention "charter", one of each kind and visibility, for the search tests."""

import datetime
import uuid

from meetings.models import Decision, Meeting, Minutes
from tests.meetings.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.press.helpers import draft_release, published_release
from tests.workplans.conftest import make_plan, make_round
from workplans.models import WorkPlan
from workplans.services import comments as comment_services

HELD = datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC)


def build(group, *, us, br, secretariat, delegate_us) -> dict:
    """Name -> record; the names say who may read it (public, delegates, staff, us...)."""
    public = MeetingFactory(
        group=group,
        title="Review of the Democratic Charter",
        status=Meeting.Status.HELD,
        starts_at=HELD,
        ends_at=HELD + datetime.timedelta(hours=3),
    )
    closed = MeetingFactory(group=group, title="Charter consultations in camera", is_public=False)
    draft = MeetingFactory(group=group, title="Charter draft meeting", status=Meeting.Status.DRAFT)
    world = {
        "public_meeting": public,
        "delegates_meeting": closed,
        "staff_meeting": draft,
        "public_agenda": AgendaItemFactory(meeting=public, title="Article 17 of the Charter"),
        "staff_agenda": AgendaItemFactory(meeting=draft, title="Charter item still in draft"),
        "public_paper": DocumentFactory(meeting=public, title="Commentary on the Charter", is_public=True),
        "delegates_paper": DocumentFactory(meeting=public, title="Charter restricted paper", is_public=False),
        "staff_paper": DocumentFactory(meeting=draft, title="Charter paper of a draft meeting"),
    }
    published = Minutes.objects.create(
        meeting=public,
        status=Minutes.Status.PUBLISHED,
        approved_at_meeting=public,
        opening="The chair opened the meeting on the Charter.",
    )
    draft_minutes = Minutes.objects.create(meeting=closed, opening="Draft minutes on the Charter.")
    world["public_minutes"] = published
    world["staff_minutes"] = draft_minutes
    world["public_decision"] = Decision.objects.create(
        minutes=published, number=1, text="The group adopted a calendar for the Charter anniversary."
    )
    world["staff_decision"] = Decision.objects.create(
        minutes=draft_minutes, number=1, text="A draft decision on the Charter."
    )
    adopted = make_plan(group, us, secretariat)
    WorkPlan.objects.filter(pk=adopted.pk).update(
        status=WorkPlan.Status.ADOPTED,
        adopted_version=adopted.versions.get(),
        decision_text="Adopted to promote the Charter.",
    )
    adopted.versions.update(frozen=True)  # as adoption leaves it
    world["public_workplan"] = adopted
    world["br_workplan"] = WorkPlan.objects.get(pk=make_plan(group, br, secretariat).pk)
    WorkPlan.objects.filter(pk=world["br_workplan"].pk).update(title="Brazil's Charter plan, draft")
    consulted = make_plan(group, us, secretariat, status=WorkPlan.Status.CONSULTATION)
    WorkPlan.objects.filter(pk=consulted.pk).update(title="Charter plan in consultation")
    world["delegates_workplan"] = consulted
    world["us_comment"] = comment_services.submit_comment(
        comment_round=make_round(consulted.versions.get(), secretariat),
        user=delegate_us,
        kind="comment",
        body="The United States welcomes the Charter focus.",
        token=uuid.uuid4(),
    )
    world["public_release"] = published_release(group, title="Group celebrates the Charter")
    world["staff_release"] = draft_release(group, title="Draft release on the Charter")
    world["spanish_release"] = published_release(
        group, language="es", title="El grupo celebra la Carta", summary="Charter en español."
    )
    return world


PUBLIC = {
    "public_meeting",
    "public_agenda",
    "public_paper",
    "public_minutes",
    "public_decision",
    "public_workplan",
    "public_release",
}
DELEGATE_US = PUBLIC | {"delegates_meeting", "delegates_paper", "delegates_workplan", "us_comment"}
STAFF = DELEGATE_US | {
    "staff_meeting",
    "staff_agenda",
    "staff_paper",
    "staff_minutes",
    "staff_decision",
    "br_workplan",
    "staff_release",
}
