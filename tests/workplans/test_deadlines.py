"""Shown = enforced: the deadline a delegate reads is the instant the server stops taking comments.

For groups in three zones (New York, Bogotá without daylight saving, Paris across a change
of offset), the deadline printed on the round page and in the notice email is parsed back
and a comment is sent one minute before it (accepted) and one minute after it (refused).
"""

import datetime
import io
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.shown import parse_shown, text_of
from tests.workplans.conftest import make_round
from workplans.models import MatrixExport
from workplans.services import comments as services
from workplans.tasks import exports as export_tasks

pytestmark = pytest.mark.django_db


def next_offset_change(zone: zoneinfo.ZoneInfo, after: datetime.datetime) -> datetime.datetime:
    moment = after
    offset = moment.astimezone(zone).utcoffset()
    while moment.astimezone(zone).utcoffset() == offset:
        moment += datetime.timedelta(hours=1)
    return moment


def at_six_pm(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=zone)


def round_times(zone_name: str):
    zone = zoneinfo.ZoneInfo(zone_name)
    now = timezone.now()
    if zone_name == "Europe/Paris":
        change = next_offset_change(zone, now)
        opens = now - datetime.timedelta(days=1)
        closes = at_six_pm((change + datetime.timedelta(days=2)).astimezone(zone).date(), zone)
        assert opens.astimezone(zone).utcoffset() != closes.utcoffset()
        return opens, closes
    return now - datetime.timedelta(days=1), at_six_pm((now + datetime.timedelta(days=9)).date(), zone)


@pytest.fixture(params=["America/New_York", "America/Bogota", "Europe/Paris"])
def zoned_round(request, group, version, secretariat, delegate_us, django_capture_on_commit_callbacks):
    group.time_zone = request.param
    group.save(update_fields=["time_zone"])
    opens, closes = round_times(request.param)
    with django_capture_on_commit_callbacks(execute=True):
        comment_round = make_round(version, secretariat, opens=opens, closes=closes)
    return comment_round


def send(comment_round, user, now):
    return services.submit_comment(
        comment_round=comment_round,
        user=user,
        kind="comment",
        body="We support this.",
        token=uuid.uuid4(),
        now=now,
    )


def assert_enforced_at(comment_round, user, shown):
    assert send(comment_round, user, shown - datetime.timedelta(minutes=1)).pk
    with pytest.raises(ValidationError):
        send(comment_round, user, shown + datetime.timedelta(minutes=1))


def test_deadline_on_the_round_page_is_the_enforced_instant(zoned_round, delegate_us, delegate_us_client):
    zone = zoned_round.version.plan.group.time_zone
    page = text_of(delegate_us_client.get(reverse("workplans:round", args=[zoned_round.pk])).content.decode())
    shown_text = page.split("Comments close on", 1)[1][:80]
    shown = parse_shown(shown_text, zone)
    assert f"({zone}" in shown_text
    assert shown == zoned_round.deadline
    assert_enforced_at(zoned_round, delegate_us, shown)


def test_deadline_on_the_spanish_round_page_is_the_enforced_instant(
    zoned_round, delegate_us, delegate_us_client
):
    zone = zoned_round.version.plan.group.time_zone
    url = reverse("workplans:round", args=[zoned_round.pk]).replace("/en/", "/es/", 1)
    page = text_of(delegate_us_client.get(url).content.decode())
    shown = parse_shown(page.split("El plazo para comentarios vence el", 1)[1][:90], zone, "es")
    assert shown == zoned_round.deadline


def test_deadline_in_the_notice_email_is_the_enforced_instant(zoned_round, delegate_us, delegate_us_client):
    [notice] = [m for m in mail.outbox if m.to == [delegate_us.email] and "Comments invited" in m.subject]
    zone = zoned_round.version.plan.group.time_zone
    shown_text = notice.body.split("Comments close on", 1)[1][:80]
    assert f"({zone}" in shown_text
    shown = parse_shown(shown_text, zone)
    assert shown == zoned_round.deadline
    assert_enforced_at(zoned_round, delegate_us, shown)


MATRIX_DEADLINE_LEAD = {
    "en": "Comments closed (or close) on",
    "es": "El plazo para comentarios vence o venció el",
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["America/New_York", "America/Bogota"])
def test_deadline_in_the_matrix_pdf_is_the_enforced_instant(
    zone, language, group, version, secretariat, delegate_us
):
    group.time_zone = zone
    group.save(update_fields=["time_zone"])
    opens, closes = round_times(zone)
    comment_round = make_round(version, secretariat, opens=opens, closes=closes)
    export = MatrixExport.objects.create(round=comment_round, requested_by=secretariat, language=language)
    assert export_tasks.render_matrix_pdf.apply(args=[str(export.pk)]).get() == "ready"
    export.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(export.file.read())).pages)
    shown_text = text_of(text).split(MATRIX_DEADLINE_LEAD[language], 1)[1][:90]
    assert f"({zone})" in shown_text
    shown = parse_shown(shown_text, zone, language)
    assert shown == comment_round.deadline
    assert_enforced_at(comment_round, delegate_us, shown)
