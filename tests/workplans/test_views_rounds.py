import datetime
import zoneinfo

from django.urls import reverse
from django.utils import formats, timezone

from tests.shown import text_of
from tests.workplans.conftest import comment_on, make_round


def test_open_round_form_takes_group_time_zone(draft_plan, version, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create_round", kwargs={"pk": draft_plan.pk, "number": 1}),
        {"opens_at": "2099-11-27T09:00", "closes_at": "2099-12-08T17:00", "reminder_days": "7, 2"},
    )
    assert response.status_code == 302
    comment_round = version.rounds.get()
    assert comment_round.closes_at == datetime.datetime(2099, 12, 8, 22, 0, tzinfo=datetime.UTC)


def test_round_form_rejects_bad_reminders(draft_plan, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create_round", kwargs={"pk": draft_plan.pk, "number": 1}),
        {"opens_at": "2099-11-27T09:00", "closes_at": "2099-12-08T17:00", "reminder_days": "soon"},
    )
    assert response.status_code == 200 and "whole numbers" in response.content.decode()


def test_dashboard_counts_states_heard_from(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client
):
    comment_on(comment_round, delegate_us, paragraph, kind="question", body="Why?")
    url = reverse("workplans:dashboard", kwargs={"pk": comment_round.pk})
    response = secretariat_client.get(url)
    assert "1 of 2 states have commented." in response.content.decode()
    assert "Brazil" in response.content.decode().split('id="not-heard"')[1]
    assert delegate_us_client.get(url).status_code == 403


def test_extend_and_close(comment_round, secretariat_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("workplans:extend_round", kwargs={"pk": comment_round.pk}),
            {"closes_at": "2099-01-31T17:00"},
        )
    assert response.status_code == 302
    comment_round.refresh_from_db()
    assert comment_round.closes_at.year == 2099
    secretariat_client.post(reverse("workplans:close_round", kwargs={"pk": comment_round.pk}))
    comment_round.refresh_from_db()
    assert not comment_round.is_open()


def test_round_page_shows_the_deadline_in_the_groups_zone(group, version, secretariat, delegate_us_client):
    # 17:30 UTC is another hour in the group's zone: a page showing UTC under the zone's name fails.
    closes = (timezone.now() + datetime.timedelta(days=5)).replace(
        hour=17, minute=30, second=0, microsecond=0, tzinfo=datetime.UTC
    )
    comment_round = make_round(version, secretariat, closes=closes)
    shown = formats.date_format(closes.astimezone(zoneinfo.ZoneInfo(group.time_zone)), "DATETIME_FORMAT")
    page = text_of(delegate_us_client.get(comment_round.get_absolute_url()).content.decode())
    assert f"Comments close on {shown} ({group.time_zone})." in page


def test_dashboard_shows_when_each_notice_went_out_in_the_groups_zone(
    comment_round, group, secretariat_client
):
    from workplans.models import RoundNotice

    # 03:15 UTC is the previous evening in the group's zone: a page showing the server's UTC fails.
    sent = datetime.datetime(2024, 3, 5, 3, 15, tzinfo=datetime.UTC)
    RoundNotice.objects.create(
        round=comment_round,
        kind=RoundNotice.Kind.REMINDER,
        key="bench-reminder",
        created_at=sent,
        recipient_count=7,
    )
    page = text_of(
        secretariat_client.get(
            reverse("workplans:dashboard", kwargs={"pk": comment_round.pk})
        ).content.decode()
    )
    local = formats.date_format(sent.astimezone(zoneinfo.ZoneInfo(group.time_zone)), "DATETIME_FORMAT")
    assert local != formats.date_format(sent, "DATETIME_FORMAT")
    assert f"{local} ({group.time_zone}" in page and ", 7 recipients" in page
