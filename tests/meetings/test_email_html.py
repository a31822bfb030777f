"""The HTML part of the emails that quote content: the recipient's language, and `lang` on passages in another."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.emails import LINK
from tests.meetings.delivery_fixtures import make_meeting

pytestmark = pytest.mark.django_db


def _html(email) -> str:
    [html] = [content for content, mimetype in email.alternatives if mimetype == "text/html"]
    return html


def _notice_to(user, group, capture, **fields):
    meeting = make_meeting(
        group, starts_at=timezone.now() + datetime.timedelta(days=20), status=Meeting.Status.DRAFT, **fields
    )
    with capture(execute=True):
        services.schedule_meeting(meeting=meeting)
    [email] = [message for message in mail.outbox if message.to == [user.email]]
    return meeting, email


def test_a_spanish_reader_gets_the_english_only_title_marked_in_english_in_a_spanish_html_part(
    group, delegate_us, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = "es"
    delegate_us.save(update_fields=["preferred_language"])
    meeting, email = _notice_to(
        delegate_us, group, django_capture_on_commit_callbacks, title_en="Budget session"
    )
    html = _html(email)
    assert '<html lang="es" dir="ltr">' in html
    assert '<h1><span lang="en" dir="ltr">Budget session</span> ' in html
    assert "(Disponible solo en inglés)" in html
    links = LINK.findall(html)
    assert f"/es/meetings/{meeting.pk}/" in links
    assert links and all(path.startswith("/es/") for path in links), links
    # The one-click unsubscribe link stays in the HTML part and the headers.
    assert "/es/unsubscribe/" in html
    assert "/es/unsubscribe/" in email.message()["List-Unsubscribe"]
    # The plain-text part is unchanged: the title without markup.
    assert "\nBudget session\n" in email.body and "<span" not in email.body
    assert email.extra_headers["Content-Language"] == "es"


def test_a_title_in_the_readers_language_carries_no_lang_of_its_own(
    group, delegate_us, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = "es"
    delegate_us.save(update_fields=["preferred_language"])
    _meeting, email = _notice_to(
        delegate_us,
        group,
        django_capture_on_commit_callbacks,
        title_en="Budget session",
        title_es="Sesión presupuestaria",
    )
    html = _html(email)
    assert "<h1>Sesión presupuestaria</h1>" in html
    assert 'lang="en" dir="ltr">Budget session' not in html


def test_an_english_reader_gets_an_english_html_part(group, delegate_us, django_capture_on_commit_callbacks):
    _meeting, email = _notice_to(
        delegate_us, group, django_capture_on_commit_callbacks, title_en="Budget session"
    )
    html = _html(email)
    assert '<html lang="en" dir="ltr">' in html
    assert "<h1>Budget session</h1>" in html
    assert all(path.startswith("/en/") for path in LINK.findall(html))


def _scheduled_for_a_spanish_reader(user, group, capture, **fields):
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    meeting, _notice = _notice_to(user, group, capture, **fields)
    mail.outbox.clear()
    return meeting


def test_a_cancellation_marks_its_english_only_reason_in_a_spanish_html_part(
    group, delegate_us, secretariat, django_capture_on_commit_callbacks
):
    meeting = _scheduled_for_a_spanish_reader(
        delegate_us, group, django_capture_on_commit_callbacks, title_en="Budget session"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, reason="The room is closed for repairs.", by=secretariat)
    [email] = [message for message in mail.outbox if message.to == [delegate_us.email]]
    html = _html(email)
    assert '<html lang="es" dir="ltr">' in html
    assert '<span lang="en" dir="ltr">The room is closed for repairs.</span>' in html
    assert '<span lang="en" dir="ltr">Budget session</span>' in html
    assert all(path.startswith("/es/") for path in LINK.findall(html))
    assert "The room is closed for repairs." in email.body and "<span" not in email.body


def test_a_postponement_shows_the_spanish_reason_where_it_exists(
    group, delegate_us, secretariat, django_capture_on_commit_callbacks
):
    meeting = _scheduled_for_a_spanish_reader(
        delegate_us, group, django_capture_on_commit_callbacks, title_en="Budget session"
    )
    later = meeting.starts_at + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_meeting(
            meeting=meeting,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
            reasons={"en": "The chair is travelling.", "es": "La presidencia está de viaje."},
            original_language="en",
            changed_by=secretariat,
        )
    [email] = [message for message in mail.outbox if message.to == [delegate_us.email]]
    html = _html(email)
    assert "La presidencia está de viaje." in html
    assert "The chair is travelling." not in html
    assert '<span lang="en" dir="ltr">Budget session</span>' in html
    assert all(path.startswith("/es/") for path in LINK.findall(html))
