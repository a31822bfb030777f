"""Writers of the tables the cached pages show never wait on, or deadlock through, the page revision."""

import threading

import pytest
from django.db import connection, transaction

from meetings.models import AgendaItem, Meeting
from members.page_revision import PageRevision

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and deferred triggers: PostgreSQL only"
)


def _revision():
    return PageRevision.objects.get().revision


@pytest.mark.django_db(transaction=True)
def test_two_services_locking_the_same_rows_in_opposite_order_both_commit(meeting):
    # A takes the meeting row after a tracked write; B takes it first and then writes. With the
    # revision row locked from a transaction's first write, A would hold it while waiting for the
    # meeting and B the meeting while waiting for it: a deadlock, one of them rolled back.
    first = AgendaItem.objects.create(meeting=meeting, position=1, title="Opening")
    second = AgendaItem.objects.create(meeting=meeting, position=2, title="Work plan")
    before = _revision()
    meeting_locked, a_wrote = threading.Event(), threading.Event()
    errors = []

    def a():
        try:
            with transaction.atomic():
                meeting_locked.wait(5)
                AgendaItem.objects.filter(pk=first.pk).update(title="Opening of the session")
                a_wrote.set()
                Meeting.objects.select_for_update().get(pk=meeting.pk)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    def b():
        try:
            with transaction.atomic():
                Meeting.objects.select_for_update().get(pk=meeting.pk)
                meeting_locked.set()
                a_wrote.wait(5)
                AgendaItem.objects.filter(pk=second.pk).update(title="Draft work plan")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    titles = set(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles == {"Opening of the session", "Draft work plan"}
    assert _revision() > before


@pytest.mark.django_db(transaction=True)
def test_the_revision_moves_at_commit_and_not_before(meeting):
    # A page read while a write is under way must not be stored under the revision of a state
    # that includes that write before it is visible.
    before = _revision()
    with transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="Opening")
        seen_from_outside = []
        reader = threading.Thread(target=lambda: (seen_from_outside.append(_revision()), connection.close()))
        reader.start()
        reader.join(10)
    assert seen_from_outside == [before]
    assert _revision() > before
