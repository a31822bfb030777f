"""Every meeting email, in each of the four languages, reads wholly in its recipient's language.

The email is caused while another language is active (the officer's, the worker's), as in
production; the recipient still gets their language in the subject, greeting, dates and links.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from meetings import notifications, services
from meetings.minutes import services as minutes_services
from meetings.models import Meeting
from tests.emails import CALLER, DATE, LANGUAGES, assert_reads_in, the_only_email_to
from tests.meetings.delivery_fixtures import make_meeting

TENTH = datetime.datetime(2099, 12, 10, 15, tzinfo=datetime.UTC)  # 10 a.m. in New York
THIRD_MEETING = {
    "en": "third meeting",
    "es": "tercera reunión",
    "fr": "troisième réunion",
    "pt": "terceira reunião",
}


def notice(group, secretariat, capture):
    meeting = make_meeting(group, number=3, starts_at=TENTH, status=Meeting.Status.DRAFT)
    with capture(execute=True):
        services.schedule_meeting(meeting=meeting)


def postponed(group, secretariat, capture):
    meeting = make_meeting(group, number=3, starts_at=TENTH - datetime.timedelta(days=7))
    with capture(execute=True):
        services.postpone_meeting(
            meeting=meeting,
            starts_at=TENTH,
            ends_at=TENTH + datetime.timedelta(hours=2),
            reason="More states can attend.",
            changed_by=secretariat,
        )


def cancelled(group, secretariat, capture):
    meeting = make_meeting(group, number=3, starts_at=TENTH)
    with capture(execute=True):
        services.cancel_meeting(meeting=meeting, reason="The hall is closed.")


def reminder(group, secretariat, capture):
    meeting = make_meeting(group, number=3, starts_at=TENTH)
    notifications.send_due_reminders(now=meeting.starts_at - datetime.timedelta(hours=23))


def minutes_circulated(group, secretariat, capture):
    meeting = make_meeting(
        group, number=3, starts_at=datetime.datetime(2024, 3, 5, 15, tzinfo=datetime.UTC), status="held"
    )
    minutes = minutes_services.start_minutes(meeting=meeting)
    with capture(execute=True):
        minutes_services.circulate_minutes(minutes=minutes, corrections_until=TENTH.date(), by=secretariat)


def _everyone_wants_at_once(group, topic):
    from groups.subscriptions import audience
    from members.subscriptions import Subscription

    for user in audience(group):
        Subscription.objects.update_or_create(
            user=user, group_id=group.pk, kind=topic, defaults={"choice": Subscription.Choice.IMMEDIATE}
        )


def paper_posted(group, secretariat, capture):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.subscriptions import Subscription
    from tests.meetings.factories import PDF_BYTES

    _everyone_wants_at_once(group, Subscription.Kind.PAPERS)  # a delegate's default is the digest
    meeting = make_meeting(group, number=3, starts_at=TENTH)
    with capture(execute=True):
        services.attach_document(
            meeting=meeting,
            upload=SimpleUploadedFile("paper.pdf", PDF_BYTES, content_type="application/pdf"),
            title="Draft work plan",
            language="es",
            is_public=False,
            uploaded_by=secretariat,
        )


def minutes_approved(group, secretariat, capture):
    from django.core import mail

    meeting = make_meeting(
        group, number=3, starts_at=datetime.datetime(2024, 3, 5, 15, tzinfo=datetime.UTC), status="held"
    )
    later = make_meeting(group, number=4, starts_at=TENTH, status="held")
    minutes = minutes_services.start_minutes(meeting=meeting)
    with capture(execute=True):
        minutes_services.circulate_minutes(minutes=minutes, corrections_until=TENTH.date(), by=secretariat)
    mail.outbox.clear()
    with capture(execute=True):
        minutes_services.approve_minutes(minutes=minutes, at_meeting=later)


DECISION_TEXT = {
    "en": "The group adopts its work plan.",
    "es": "El grupo adopta su plan de trabajo.",
    "fr": "Le groupe adopte son plan de travail.",
    "pt": "O grupo adota seu plano de trabalho.",
}


def decision_recorded(group, secretariat, capture):
    from members.subscriptions import Subscription
    from tests.meetings.factories import AgendaItemFactory

    _everyone_wants_at_once(group, Subscription.Kind.DECISIONS)  # a delegate's default is never
    meeting = make_meeting(group, number=3, starts_at=TENTH, status="held")
    item = AgendaItemFactory(meeting=meeting)
    with capture(execute=True):
        minutes_services.record_decision(
            meeting=meeting, agenda_item=item, kind="substantive", texts=DECISION_TEXT, by=secretariat
        )


CAUSE = {
    notifications.DECISION_RECORDED: decision_recorded,
    notifications.PAPER_POSTED: paper_posted,
    notifications.MINUTES_APPROVED: minutes_approved,
    notifications.NOTICE: notice,
    notifications.POSTPONED: postponed,
    notifications.CANCELLED: cancelled,
    notifications.REMINDER: reminder,
    notifications.MINUTES_CIRCULATED: minutes_circulated,
}


def test_every_kind_of_meeting_email_is_covered():
    assert set(CAUSE) == set(notifications.KINDS) == set(notifications.TEMPLATES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", notifications.KINDS)
def test_meeting_email_reads_in_the_recipients_language(
    kind, language, group, secretariat, delegate_us, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = language
    delegate_us.save()

    with translation.override(CALLER[language]):
        CAUSE[kind](group, secretariat, django_capture_on_commit_callbacks)

    email = the_only_email_to(delegate_us)
    without_zone = (
        notifications.MINUTES_CIRCULATED,
        notifications.PAPER_POSTED,
        notifications.MINUTES_APPROVED,
        notifications.DECISION_RECORDED,
    )
    zone = None if kind in without_zone else "America/New_York"
    assert_reads_in(email, language, name="Bob Delegate", date=DATE, zone=zone)
    assert THIRD_MEETING[language] in email.body
    assert THIRD_MEETING[language] in email.subject
    if kind == notifications.DECISION_RECORDED:
        assert DECISION_TEXT[language] in email.body
    if kind in notifications.TOPIC:
        # A subscription email: one-click unsubscribe in the reader's language, in the sent message.
        sent = email.message()
        assert f"/{language}/unsubscribe/" in sent["List-Unsubscribe"]
        assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    if kind == notifications.MINUTES_CIRCULATED:
        [(name, content, mimetype)] = email.attachments
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_an_officer_on_the_spanish_pages_does_not_write_to_a_french_delegate_in_spanish(
    group, secretariat, secretariat_client, delegate_us, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = "fr"
    delegate_us.save()
    meeting = make_meeting(group, number=3, starts_at=TENTH, status=Meeting.Status.DRAFT)
    with translation.override("es"):
        url = reverse("meetings:schedule", args=[meeting.pk])
    assert url.startswith("/es/")

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url)

    assert response.status_code == 302
    email = the_only_email_to(delegate_us)
    assert email.subject.startswith("Convocation : ")
    assert email.body.startswith("Bonjour Bob Delegate,\n")
    assert "Date : 10 décembre 2099\n" in email.body
    assert f"http://testserver/fr/meetings/{meeting.pk}/" in email.body
    assert "/es/" not in email.body and "diciembre" not in email.body and "Estimado" not in email.body
    # The officer reads English, as they chose, whatever page they acted from.
    assert the_only_email_to(secretariat).body.startswith("Dear Alice Secretariat,\n")
