"""The list of participants: made by the worker from the registrations, stored per language, served with an ETag."""

import io
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings.minutes import printing
from meetings.models import PrintedDocument, Registration
from members.models import Delegate
from tests.factories import DelegateFactory, UserFactory
from tests.meetings.delivery_fixtures import make_meeting

pytestmark = pytest.mark.django_db


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def meeting(group, us, br, delegate_us, delegate_br):
    meeting = make_meeting(group, number=4)
    Delegate.objects.filter(user=delegate_us).update(title=Delegate.Title.PERMANENT_REPRESENTATIVE)
    adviser = DelegateFactory(
        user=UserFactory(email="carla@us-mission.example", full_name="Carla Adviser"),
        member_state=us,
        title=Delegate.Title.ADVISER,
    ).user
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode="in_person")
    Registration.objects.create(meeting=meeting, member_state=us, user=adviser, mode="online")
    Registration.objects.create(
        meeting=meeting, member_state=br, user=delegate_br, mode="online", cancelled_at="2023-01-01T00:00Z"
    )
    return meeting


def test_the_list_shows_each_state_s_people_with_title_and_mode_as_registered(meeting, us, br):
    printed = printing.print_participants(meeting_id=meeting.pk, language="en")
    text = pdftotext(printed.file.read())
    lines = [" ".join(line.split()) for line in text.splitlines()]

    assert "List of participants: Fourth Meeting" in " ".join(lines) or "List of participants" in text
    assert "Bob Delegate Permanent Representative In person" in lines
    assert "Carla Adviser Adviser Online" in lines
    assert "2 participants from 1 states (1 in person, 1 online)." in " ".join(lines)
    # Brazil supports the group but cancelled its only registration.
    brazil = lines.index("Brazil")
    assert lines[brazil + 1] == "Not registered."
    assert text.index("Brazil") < text.index("United States")


def test_each_language_has_its_own_stored_list(meeting):
    spanish = printing.print_participants(meeting_id=meeting.pk, language="es")
    again = printing.print_participants(meeting_id=meeting.pk, language="es-419")
    data = spanish.file.read()
    text = pdftotext(data)
    assert "Representante Permanente" in text and "Presencial" in text and "En línea" in text
    assert "Estados Unidos" in text or "United States" in text
    assert (again.language, again.pk, again.file.name) == ("es", spanish.pk, spanish.file.name)  # kept
    assert PdfReader(io.BytesIO(data)).metadata.title.startswith("Lista")


def test_a_new_registration_makes_a_new_list(meeting, br, delegate_br):
    first = printing.print_participants(meeting_id=meeting.pk, language="en")
    Registration.objects.create(meeting=meeting, member_state=br, user=delegate_br, mode="in_person")
    second = printing.print_participants(meeting_id=meeting.pk, language="en")
    assert second.fingerprint != first.fingerprint
    assert "In person" in pdftotext(second.file.read()).split("Brazil", 1)[1]


def test_staff_get_the_stored_pdf_in_their_language_with_an_etag(meeting, secretariat_client):
    url = reverse("meetings:participants_pdf", kwargs={"pk": meeting.pk})
    response = secretariat_client.get(url)  # the worker runs eagerly in tests
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert "Carla Adviser" in pdftotext(body)
    stored = PrintedDocument.objects.get(meeting=meeting, kind="participants", language="en")
    assert stored.file.read() == body
    again = secretariat_client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_delegates_do_not_get_the_list(meeting, delegate_us_client):
    url = reverse("meetings:participants_pdf", kwargs={"pk": meeting.pk})
    assert delegate_us_client.get(url).status_code == 403
    assert not PrintedDocument.objects.filter(kind="participants").exists()
