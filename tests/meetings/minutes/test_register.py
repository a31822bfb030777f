"""The per-group register of decisions: filters, who sees what, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.models import Decision, Meeting, Minutes
from tests.factories import SecretariatUnitFactory
from tests.meetings.delivery_fixtures import make_meeting


def _held(group, number, starts_at):
    meeting = make_meeting(group, number=number, starts_at=starts_at, status=Meeting.Status.HELD)
    meeting.agenda_items.create(position=1, title=f"Item of meeting {number}")
    return meeting


def _decide(meeting, text, kind=Decision.Kind.PROCEDURAL, **kwargs):
    return services.record_decision(
        meeting=meeting,
        agenda_item=meeting.agenda_items.first(),
        kind=kind,
        texts={"en": text, "es": f"ES {text}"},
        by=None,
        **kwargs,
    )


def _publish(meeting, at):
    minutes = meeting.minutes
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.PUBLISHED, approved_at_meeting=at)


@pytest.fixture
def register(group):
    """Two published meetings (2023, 2024) and one whose minutes are still a draft."""
    first = _held(group, 1, datetime.datetime(2023, 11, 21, 15, tzinfo=datetime.UTC))
    second = _held(group, 2, datetime.datetime(2024, 3, 5, 15, tzinfo=datetime.UTC))
    third = _held(group, 3, timezone.now() - datetime.timedelta(days=2))
    _decide(
        first,
        "Secretariat coordinates for now",
        actions=[{"what": "Chase comments", "secretariat_unit": SecretariatUnitFactory()}],
    )
    _decide(first, "Circulate the draft plan", kind=Decision.Kind.ADOPTION)
    _decide(second, "Adopt the work plan", kind=Decision.Kind.ADOPTION)
    _decide(third, "Draft-only decision")
    _publish(first, second)
    _publish(second, third)
    return {"first": first, "second": second, "third": third}


def url(group, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("meetings:group_decisions", kwargs={"slug": group.slug}) + (f"?{query}" if query else "")


def test_the_public_sees_decisions_of_published_minutes_only(client, group, register):
    page = client.get(url(group)).content.decode()
    for text in ("Secretariat coordinates for now", "Circulate the draft plan", "Adopt the work plan"):
        assert text in page
    assert "Draft-only decision" not in page
    assert "Chase comments" not in page  # follow-up actions are for staff


def test_staff_see_draft_decisions_and_open_follow_up_actions(secretariat_client, group, register):
    page = secretariat_client.get(url(group)).content.decode()
    assert "Draft-only decision" in page
    assert "Chase comments" in page and "Secretariat for Strengthening Democracy" in page


def test_approved_minutes_take_no_new_decision(group, register):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Approved minutes"):
        _decide(register["first"], "Too late")
    assert not Decision.objects.filter(text="Too late").exists()


def test_a_delegate_sees_no_follow_up_actions_nor_draft_decisions(delegate_us_client, group, register):
    page = delegate_us_client.get(url(group)).content.decode()
    assert "Adopt the work plan" in page
    assert "Chase comments" not in page
    assert "Draft-only decision" not in page


def test_done_actions_leave_the_staff_list(secretariat_client, group, register):
    action = Decision.objects.get(text="Secretariat coordinates for now").actions.get()
    services.set_action_status(action=action, status="done")
    assert "Chase comments" not in secretariat_client.get(url(group)).content.decode()


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"kind": "adoption"}, {"Circulate the draft plan", "Adopt the work plan"}),
        ({"year": 2024}, {"Adopt the work plan"}),
        ({"kind": "procedural", "year": 2023}, {"Secretariat coordinates for now"}),
        (
            {"kind": "nonsense", "year": "x"},
            {"Secretariat coordinates for now", "Circulate the draft plan", "Adopt the work plan"},
        ),
    ],
)
def test_filters(client, group, register, params, shown):
    response = client.get(url(group, **params))
    assert response.status_code == 200
    assert {d.text for d in response.context["decisions"]} == shown


def test_filter_by_meeting_and_its_choices(client, group, register):
    response = client.get(url(group, meeting=register["second"].pk))
    assert [d.text for d in response.context["decisions"]] == ["Adopt the work plan"]
    # The public is offered only meetings with a decision it may read.
    assert [pk for pk, _name in response.context["meeting_choices"]] == [
        register["second"].pk,
        register["first"].pk,
    ]
    assert response.context["years"] == [2024, 2023]


def test_the_register_shows_the_wording_in_the_reader_s_language(client, group, register):
    page = client.get(url(group).replace("/en/", "/es/", 1)).content.decode()
    assert "ES Adopt the work plan" in page


def test_unknown_group_is_404(db, client):
    assert client.get(reverse("meetings:group_decisions", kwargs={"slug": "nope"})).status_code == 404


def test_the_group_page_links_to_the_register(client, group):
    assert url(group) in client.get(group.get_absolute_url()).content.decode()


def test_the_meeting_page_lists_its_decisions_in_the_reader_s_language(client, group, register):
    page = client.get(register["second"].get_absolute_url().replace("/en/", "/es/", 1)).content.decode()
    assert "ES Adopt the work plan" in page


def test_register_queries_do_not_grow_with_decisions(secretariat_client, group, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        secretariat_client.get(url(group))  # warm session and caches
        with CaptureQueriesContext(connection) as queries:
            response = secretariat_client.get(url(group))
        return len(queries), len(response.context["decisions"])

    before, shown = count()
    for n in range(6):
        _decide(
            register["third"],
            f"Extra {n}",
            actions=[{"what": f"Do {n}", "secretariat_unit": SecretariatUnitFactory()}],
        )
    after, shown_after = count()
    assert (shown, shown_after) == (4, 10)
    assert after == before


def test_the_register_is_translated(client, group, register):
    page = client.get(url(group).replace("/en/", "/pt/", 1)).content.decode()
    assert "Registro de decisões" in page and "De procedimento" in page
