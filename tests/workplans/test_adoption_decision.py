"""Adopting a work plan is a decision of the meeting: it enters the register in the same transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import AgendaItem, Decision
from workplans.models import WorkPlan
from workplans.services import plans as plan_services

pytestmark = pytest.mark.django_db


def adopt(plan, version, meeting, by, **kwargs):
    return plan_services.adopt_plan(
        plan=plan,
        version=version,
        meeting=meeting,
        decision_text="The group adopts its work plan.",
        by=by,
        **kwargs,
    )


def test_the_adoption_enters_the_register_under_its_agenda_item(
    draft_plan, version, secretariat, second_meeting
):
    item = AgendaItem.objects.create(meeting=second_meeting, position=1, title="Work plan")
    plan = adopt(draft_plan, version, second_meeting, secretariat, agenda_item=item)

    decision = Decision.objects.get(minutes__meeting=second_meeting)
    assert (decision.kind, decision.agenda_item, decision.text) == ("adoption", item, plan.decision_text)
    assert plan.status == WorkPlan.Status.ADOPTED


def test_without_the_agenda_item_of_a_meeting_with_an_agenda_nothing_is_saved(
    draft_plan, version, secretariat, second_meeting
):
    AgendaItem.objects.create(meeting=second_meeting, position=1, title="Work plan")
    with pytest.raises(ValidationError) as error:
        adopt(draft_plan, version, second_meeting, secretariat)
    assert "agenda_item" in error.value.message_dict
    assert WorkPlan.objects.get(pk=draft_plan.pk).status != WorkPlan.Status.ADOPTED
    assert not Decision.objects.exists()
    version.refresh_from_db()
    assert not version.frozen


def test_staff_adopt_from_the_page_and_the_public_register_shows_the_decision(
    draft_plan, version, secretariat_client, second_meeting, client
):
    item = AgendaItem.objects.create(meeting=second_meeting, position=1, title="Work plan")
    response = secretariat_client.post(
        reverse("workplans:adopt", kwargs={"pk": draft_plan.pk}),
        {
            "version": version.pk,
            "meeting": second_meeting.pk,
            "agenda_item": item.pk,
            "decision_text": "The group adopts its work plan.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.agenda_item == item
    # The register is public once the minutes are; staff read it at once.
    page = secretariat_client.get(
        reverse("meetings:group_decisions", kwargs={"slug": second_meeting.group.slug})
    )
    assert "The group adopts its work plan." in page.content.decode()
