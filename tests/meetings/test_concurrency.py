import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.factories import WorkingGroupFactory
from tests.meetings.factories import RoomFactory


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_booking_the_same_room_at_once_cannot_both_succeed():
    group, room = WorkingGroupFactory(), RoomFactory()
    starts_at = timezone.now() + datetime.timedelta(days=5)
    barrier = threading.Barrier(2)
    outcomes = []

    def book():
        try:
            barrier.wait()
            services.create_meeting(
                group=group, room=room, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
            )
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=book) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Meeting.objects.count() == 1
