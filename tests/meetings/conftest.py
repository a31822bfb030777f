from tests.meetings.delivery_fixtures import held_meeting, minutes, next_meeting, room  # noqa: F401
