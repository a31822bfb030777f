"""Staff record a decision and its follow-up from pages; delegates cannot; bad input saves nothing."""

import datetime

import pytest
from django.urls import reverse

from groups.models import Officer, WorkingGroup
from meetings.minutes import services
from meetings.models import Decision, FollowUpAction, Meeting
from tests.meetings.delivery_fixtures import make_meeting

pytestmark = pytest.mark.django_db


def record_url(meeting):
    return reverse("meetings:decision_record", kwargs={"pk": meeting.pk})


def form_data(meeting, **overrides):
    return {
        "agenda_item": meeting.agenda_items.get(position=1).pk,
        "kind": "procedural",
        "text_en": "Brazil's representative presides over the group.",
        "text_es": "La representante de Brasil preside el grupo.",
        "text_fr": "",
        "text_pt": "A representante do Brasil preside o grupo.",
        "effect": "",
        "officer_selection": "consensus",
        **overrides,
    }


def test_staff_appoint_a_president_through_the_form_and_the_group_page_shows_the_officer(
    minuted_meeting, br, secretariat_client, client
):
    response = secretariat_client.post(
        record_url(minuted_meeting),
        form_data(
            minuted_meeting,
            effect="appoint",
            officer_role="president",
            officer_state=br.pk,
            officer_name="Ana Souza",
            officer_title="Ambassador",
        ),
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:decision_actions", kwargs={"pk": decision.pk})
    assert decision.text_in("pt") == "A representante do Brasil preside o grupo."
    assert (decision.officer.person_name, decision.officer.member_state) == ("Ana Souza", br)
    page = client.get(minuted_meeting.group.get_absolute_url()).content.decode()
    assert "Ana Souza" in page


def test_an_officer_from_a_state_that_does_not_support_the_group_is_refused_with_a_message(
    minuted_meeting, hn, secretariat_client
):
    response = secretariat_client.post(
        record_url(minuted_meeting),
        form_data(
            minuted_meeting,
            effect="appoint",
            officer_role="coordinator",
            officer_state=hn.pk,
            officer_name="X",
        ),
    )
    assert response.status_code == 422
    assert "does not support this group" in response.content.decode()
    assert not Decision.objects.exists()
    assert not Officer.objects.filter(person_name="X").exists()


def test_a_meeting_not_yet_held_is_refused_and_nothing_saved(group, secretariat_client):
    meeting = make_meeting(group, status=Meeting.Status.SCHEDULED)
    meeting.agenda_items.create(position=1, title="Name")
    page = secretariat_client.get(record_url(meeting)).content.decode()
    assert "has not been held" in page
    response = secretariat_client.post(
        record_url(meeting), form_data(meeting, effect="name", adopted_name_en="Too early")
    )
    assert response.status_code == 422
    assert "has not been held" in response.content.decode()
    assert not Decision.objects.exists()
    assert WorkingGroup.objects.get(pk=group.pk).adopted_name == ""


def test_rules_adopted_by_a_decision_are_shown_on_the_group_page(minuted_meeting, secretariat_client, client):
    rules = "1. The group decides by consensus."
    secretariat_client.post(
        record_url(minuted_meeting), form_data(minuted_meeting, effect="rules", rules_of_procedure=rules)
    )
    group = WorkingGroup.objects.get(pk=minuted_meeting.group_id)
    assert (group.rules_of_procedure, group.rules_adopted_on) == (rules, minuted_meeting.local_date())
    page = client.get(group.get_absolute_url()).content.decode()
    assert f'<p class="mandate-text" id="rules-of-procedure">{group.rules_of_procedure}</p>' in page


def test_an_effect_without_its_details_is_refused_by_the_form(minuted_meeting, secretariat_client):
    response = secretariat_client.post(
        record_url(minuted_meeting), form_data(minuted_meeting, effect="rules")
    )
    assert response.status_code == 422
    assert "Give the text of the rules of procedure." in response.content.decode()
    assert not Decision.objects.exists()


def test_staff_end_a_term_and_adopt_the_name_from_the_form(minuted_meeting, secretariat_client):
    chair = minuted_meeting.group.officers.get(role="chair")
    secretariat_client.post(
        record_url(minuted_meeting), form_data(minuted_meeting, effect="end_term", officer_ended=chair.pk)
    )
    secretariat_client.post(
        record_url(minuted_meeting),
        form_data(
            minuted_meeting, effect="name", adopted_name_en="Friends of the Charter", adopted_name_es="Amigos"
        ),
    )
    chair.refresh_from_db()
    group = WorkingGroup.objects.get(pk=minuted_meeting.group_id)
    assert chair.term_end == minuted_meeting.local_date()
    assert (group.adopted_name_en, group.adopted_name_es) == ("Friends of the Charter", "Amigos")
    assert list(Decision.objects.values_list("number", "officer_ended", "adopted_name")) == [
        (1, chair.pk, ""),
        (2, None, "Friends of the Charter"),
    ]


def test_delegates_may_not_record_decisions(minuted_meeting, delegate_us_client):
    assert delegate_us_client.get(record_url(minuted_meeting)).status_code == 403
    response = delegate_us_client.post(record_url(minuted_meeting), form_data(minuted_meeting))
    assert response.status_code == 403
    assert not Decision.objects.exists()


@pytest.fixture
def decision(minuted_meeting):
    return services.record_decision(
        meeting=minuted_meeting,
        agenda_item=minuted_meeting.agenda_items.get(position=3),
        kind="adoption",
        texts={"en": "Circulate the draft plan."},
        by=None,
    )


def test_staff_add_an_action_mark_it_done_and_the_page_shows_what_is_stored(decision, us, secretariat_client):
    url = reverse("meetings:decision_actions", kwargs={"pk": decision.pk})
    response = secretariat_client.post(
        url, {"what": "Send comments", "member_state": us.pk, "due_on": "2023-12-05"}
    )
    assert response.status_code == 302
    action = FollowUpAction.objects.get()
    assert (action.what, action.member_state, action.due_on) == (
        "Send comments",
        us,
        datetime.date(2023, 12, 5),
    )

    secretariat_client.post(reverse("meetings:action_status", kwargs={"pk": action.pk}), {"status": "done"})
    action.refresh_from_db()
    page = secretariat_client.get(url).content.decode()
    assert action.status == "done"
    assert f'<td class="action-status">{action.get_status_display()}</td>' in page
    assert str(us) in page and "2023-12-05" in page


def test_an_action_with_two_responsibles_is_refused_with_a_message(decision, us, secretariat_client):
    from tests.factories import SecretariatUnitFactory

    url = reverse("meetings:decision_actions", kwargs={"pk": decision.pk})
    unit = SecretariatUnitFactory()
    response = secretariat_client.post(
        url, {"what": "Both", "member_state": us.pk, "secretariat_unit": unit.pk}
    )
    assert response.status_code == 422
    assert "Name one responsible" in response.content.decode()
    assert not FollowUpAction.objects.exists()


def test_staff_edit_an_action_and_delegates_cannot(decision, us, br, secretariat_client, delegate_us_client):
    action = services.add_follow_up_action(decision=decision, what="Send comments", member_state=us)
    url = reverse("meetings:action_edit", kwargs={"pk": action.pk})
    assert delegate_us_client.post(url, {"what": "Hijacked", "member_state": br.pk}).status_code == 403
    response = secretariat_client.post(url, {"what": "Send comments by Friday", "member_state": br.pk})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.what, action.member_state) == ("Send comments by Friday", br)
    status_url = reverse("meetings:action_status", kwargs={"pk": action.pk})
    assert delegate_us_client.post(status_url, {"status": "cancelled"}).status_code == 403
    assert FollowUpAction.objects.get(pk=action.pk).status == "open"


def test_a_bad_status_is_refused_with_a_message(decision, us, secretariat_client):
    action = services.add_follow_up_action(decision=decision, what="Send", member_state=us)
    response = secretariat_client.post(
        reverse("meetings:action_status", kwargs={"pk": action.pk}), {"status": "lost"}, follow=True
    )
    assert "Choose open, done or cancelled." in response.content.decode()
    assert FollowUpAction.objects.get(pk=action.pk).status == "open"
