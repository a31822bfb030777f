import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Attendance
from press import services
from press.models import PressRelease
from tests.factories import MemberStateFactory, SecretariatUnitFactory
from tests.meetings.factories import AttendanceFactory, MeetingFactory
from tests.press.helpers import held_meeting_with_record, published_release

pytestmark = pytest.mark.django_db


def state(iso2):
    return MemberStateFactory(iso2=iso2, iso3=f"{iso2}Q", name=f"State {iso2}", name_en=f"State {iso2}")


@pytest.fixture
def held(group, us, br):
    others = [state(f"Q{chr(65 + n)}") for n in range(14)]
    states = [us, br, *others[:13]]
    units = [
        SecretariatUnitFactory(acronym="SHA", name_en="Secretariat for Hemispheric Affairs"),
        SecretariatUnitFactory(acronym="SARE", name_en="Secretariat for Access to Rights and Equity"),
    ]
    meeting = held_meeting_with_record(group, states, units=units)
    AttendanceFactory(meeting=meeting, member_state=others[13], status=Attendance.Status.ABSENT)
    return meeting


def test_a_draft_from_a_held_meeting_carries_its_facts(held, group, secretariat):
    release = services.draft_press_release_from_meeting(meeting=held, language="en", created_by=secretariat)
    assert release.status == PressRelease.Status.DRAFT
    assert release.release_set.group == group and release.release_set.meeting == held
    assert release.place == "Simón Bolívar room, OAS headquarters"
    assert "first meeting" in release.title
    body = release.body
    assert "Representatives of 15 countries took part." in body  # 14 in person, 1 online; absent not counted
    assert "Nov. 21, 2023" in body
    assert "- Secretariat for Hemispheric Affairs: Work in support of the mandate" in body
    assert "Secretariat for Access to Rights and Equity" in body
    assert "<h2>Presentations</h2>" in release.body_html


def test_the_minutes_decisions_become_the_agreed_points(held, secretariat):
    from meetings.minutes import services as minutes_services

    minutes = minutes_services.start_minutes(meeting=held)
    minutes_services.update_minutes(
        minutes=minutes,
        decisions=["Settle procedural matters.", "Comment on the work plan.", "Meet again on 11 December."],
    )
    held.refresh_from_db()
    release = services.draft_press_release_from_meeting(meeting=held, language="en", created_by=secretariat)
    assert (
        "1. Settle procedural matters.\n2. Comment on the work plan.\n3. Meet again on 11 December."
        in release.body
    )
    assert "<h2>What the member states agreed</h2>" in release.body_html


def test_only_a_held_meeting_can_be_reported(group, secretariat):
    upcoming = MeetingFactory(group=group, number=9)
    with pytest.raises(ValidationError):
        services.draft_press_release_from_meeting(meeting=upcoming, language="en", created_by=secretariat)


def test_staff_draft_from_a_meeting_through_the_page(held, secretariat_client, delegate_us_client):
    url = reverse("press:from_meeting")
    page = secretariat_client.get(url)
    assert page.status_code == 200 and "first meeting" in page.content.decode().lower()
    response = secretariat_client.post(url, {"meeting": held.pk, "language": "es"})
    release = PressRelease.objects.get()
    assert response["Location"] == reverse("press:edit", kwargs={"pk": release.pk})
    assert release.language == "es"
    assert delegate_us_client.post(url, {"meeting": held.pk, "language": "en"}).status_code == 403


def test_the_release_page_links_to_its_public_meeting(held, group, client, secretariat):
    draft = services.draft_press_release_from_meeting(meeting=held, language="en", created_by=secretariat)
    services.submit_press_release_for_review(release=draft)
    services.publish_press_release(release=draft)
    draft.refresh_from_db()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert held.get_absolute_url() in html
    assert published_release(group)  # a release without a meeting has no meeting link


def test_a_meeting_the_author_cannot_see_is_not_reported(group, delegate_us):
    from meetings.models import Meeting

    unannounced = MeetingFactory(group=group, number=8, status=Meeting.Status.DRAFT)
    with pytest.raises(Meeting.DoesNotExist):
        services.draft_press_release_from_meeting(meeting=unannounced, language="en", created_by=delegate_us)
    assert not PressRelease.objects.exists()
