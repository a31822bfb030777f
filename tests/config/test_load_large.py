"""The large data set command: seeded, sized by --scale, refuses to load twice."""

import pytest
from django.core.management import CommandError, call_command

from meetings.models import AgendaItem, Attendance, Document, Meeting
from press.models import PressRelease
from workplans.models import Comment


def test_load_large_at_a_hundredth_creates_each_kind_of_record_in_proportion(db):
    call_command("load_large", scale=0.01, seed=7)
    assert Meeting.objects.filter(group__slug__startswith="large-").count() == 20
    assert AgendaItem.objects.filter(meeting__group__slug__startswith="large-").count() == 100
    assert Attendance.objects.filter(meeting__group__slug__startswith="large-").exists()
    assert Document.objects.filter(meeting__group__slug__startswith="large-").count() == 200
    assert Comment.objects.filter(round__version__plan__group__slug__startswith="large-").count() == 1000
    assert PressRelease.objects.filter(release_set__group__slug__startswith="large-").count() == 48
    assert set(PressRelease.objects.values_list("language", flat=True)) >= {"en", "es", "fr", "pt"}


def test_load_large_twice_refuses_and_adds_nothing(db):
    call_command("load_large", scale=0.01)
    before = Comment.objects.count()
    with pytest.raises(CommandError):
        call_command("load_large", scale=0.01)
    assert Comment.objects.count() == before
