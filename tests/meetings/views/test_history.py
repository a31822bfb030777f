"""The audit trail on each list page where staff act on a meeting's records: what changed, who, when."""

import pytest
from django.urls import reverse

from meetings.models import Attendance, Presentation, Registration
from tests.factories import SecretariatUnitFactory
from tests.meetings.factories import AgendaItemFactory, AttendanceFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def edit(record, by, **changes):
    """Change a record as `by` would through a page (simple-history's middleware sets the user)."""
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = by
    record.save()
    return record


def history_block(html: str, heading: str) -> str:
    assert heading in html, f"no “{heading}” on the page"
    return html.split(f">{heading}</h2>", 1)[1].split("</section>", 1)[0]


def document(meeting, by):
    record = DocumentFactory(meeting=meeting, title="Draft agenda")
    edit(record, by, title="Annotated agenda")
    return "documents", "History of the papers", "“Draft agenda” → “Annotated agenda”", record.symbol


def agenda_item(meeting, by):
    record = AgendaItemFactory(meeting=meeting, title="Opening")
    edit(record, by, title="Opening remarks")
    return "agenda", "History of the agenda", "“Opening” → “Opening remarks”", "Opening remarks"


def attendance(meeting, by):
    from members.models import MemberState

    state = MemberState.objects.get(iso2="US")
    record = AttendanceFactory(meeting=meeting, member_state=state, status=Attendance.Status.ABSENT)
    edit(record, by, status=Attendance.Status.PRESENT_ONLINE)
    return "attendance", "History of the attendance", "“Absent” → “Present online”", state.name


def presentation(meeting, by):
    record = Presentation.objects.create(
        meeting=meeting, presenter_kind="secretariat", unit=SecretariatUnitFactory(), title="Budget"
    )
    edit(record, by, title="Budget for 2024")
    return "presentations", "History of the presentations", "“Budget” → “Budget for 2024”", "Budget for 2024"


def registration(meeting, by):
    from members.models import MemberState

    state = MemberState.objects.get(iso2="US")
    record = Registration.objects.create(
        meeting=meeting, member_state=state, user=by, mode=Registration.Mode.IN_PERSON
    )
    edit(record, by, mode=Registration.Mode.ONLINE)
    return "registrations", "History of the registrations", "“In person” → “Online”", state.name


KINDS = [document, agenda_item, attendance, presentation, registration]


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_staff_read_each_change_who_made_it_and_which_record_on_the_page(
    make, meeting, secretariat, secretariat_client, us
):
    page, heading, change, subject = make(meeting, secretariat)
    html = secretariat_client.get(reverse(f"meetings:{page}", args=[meeting.pk])).content.decode()
    block = history_block(html, heading)
    assert change in block
    assert secretariat.get_full_name() in block
    assert subject in block


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
@pytest.mark.parametrize("who", ["delegate_us_client", "secretariat_without_mfa"])
def test_delegates_and_staff_without_mfa_do_not_see_the_history(make, who, meeting, secretariat, request):
    from tests.conftest import client_for

    page, heading, _change, _subject = make(meeting, secretariat)
    client = (
        request.getfixturevalue(who) if who.endswith("client") else client_for(request.getfixturevalue(who))
    )
    response = client.get(reverse(f"meetings:{page}", args=[meeting.pk]))
    assert heading not in response.content.decode()


def test_staff_read_the_history_of_the_decisions_on_the_minutes_page(
    minutes, minuted_meeting, secretariat, secretariat_client, delegate_us_client
):
    from meetings.models import Decision

    decision = Decision.objects.create(minutes=minutes, number=1, text="The group adopts its rules.")
    edit(decision, secretariat, text="The group adopts its rules of procedure.")
    url = reverse("meetings:minutes", args=[minuted_meeting.pk])
    block = history_block(secretariat_client.get(url).content.decode(), "History of the decisions")
    assert "“The group adopts its rules.” → “The group adopts its rules of procedure.”" in block
    assert secretariat.get_full_name() in block
    assert "History of the decisions" not in delegate_us_client.get(url).content.decode()
