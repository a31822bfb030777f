import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import AgendaItemFactory, DocumentFactory, MeetingFactory, RoomFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def room(db):
    return RoomFactory()


@pytest.fixture
def meeting(group, room):
    """Scheduled, public, ten days from now."""
    return MeetingFactory(group=group, number=1, room=room)


@pytest.fixture
def ongoing_meeting(group, room):
    now = timezone.now()
    return MeetingFactory(
        group=group,
        number=5,
        room=room,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
    )


@pytest.fixture
def draft_meeting(group):
    return MeetingFactory(group=group, number=2, status=Meeting.Status.DRAFT)


@pytest.fixture
def held_meeting(group, room):
    start = timezone.now() - datetime.timedelta(days=30)
    return MeetingFactory(
        group=group,
        number=3,
        room=room,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )


@pytest.fixture
def agenda(meeting):
    return [AgendaItemFactory(meeting=meeting, position=i, title=f"Item {i}") for i in (1, 2, 3)]


@pytest.fixture
def public_document(meeting):
    return DocumentFactory(meeting=meeting, is_public=True, title="Draft work plan")


@pytest.fixture
def restricted_document(meeting):
    return DocumentFactory(meeting=meeting, is_public=False, title="Delegations only")


# Minutes, PDFs, notices and reminders (delivery branch).
from tests.meetings.delivery_fixtures import bolivar_room, later_meeting, minuted_meeting, minutes  # noqa: E402, F401
