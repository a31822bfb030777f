"""The demo's first meeting and its press release exist in the four official languages."""

import io

import pytest
from django.core.management import call_command

from config.management.commands.load_demo import GROUP_SLUG
from meetings.models import Meeting
from members.translated import language_codes
from press.models import PressRelease

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_first_meeting_and_its_press_release_are_in_four_languages_and_reloading_changes_nothing():
    load_demo()
    first = Meeting.objects.get(group__slug=GROUP_SLUG, number=1)
    for code in language_codes():
        assert getattr(first, f"title_{code}"), code
        assert getattr(first, f"notice_text_{code}"), code
        assert getattr(first.room, f"name_{code}") and getattr(first.room, f"building_{code}"), code
        for item in first.agenda_items.all():
            assert getattr(item, f"title_{code}"), (code, item.position)
            for field in ("description", "presenter", "outcome"):
                # Translated wherever the English says something, and nowhere else.
                assert bool(getattr(item, f"{field}_{code}")) == bool(getattr(item, f"{field}_en")), (
                    code,
                    field,
                )
        for presentation in first.presentations.all():
            assert getattr(presentation, f"title_{code}"), code
    item = first.agenda_items.first()
    assert (first.title_es, item.title_fr) == (
        "Instalación del grupo",
        "Ouverture et raison d'être du groupe",
    )

    english = PressRelease.objects.get(reference="E-079/23")
    assert set(english.release_set.versions.values_list("language", flat=True)) == set(language_codes())

    assert "(0 records written)" in load_demo()
