import datetime

from django.urls import reverse
from django.utils import timezone

from workplans.models import WorkPlan
from workplans.services import plans as plan_services


def test_staff_create_plan_from_markdown(group, us, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create", kwargs={"slug": group.slug}),
        {
            "title": "Plan 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "proposed_by": "state",
            "proposer_state": us.pk,
            "markdown": "# One\n\nFirst paragraph.\n\nSecond paragraph.",
        },
    )
    plan = WorkPlan.objects.get(title="Plan 2025")
    assert response.status_code == 302
    assert plan.versions.get().paragraphs.count() == 2


def test_delegate_may_not_create_a_plan(group, delegate_us_client):
    assert delegate_us_client.get(reverse("workplans:create", kwargs={"slug": group.slug})).status_code == 403


def test_compare_shows_insertions_and_deletions(draft_plan, version, secretariat, delegate_us_client):
    revised = plan_services.start_revision(plan=draft_plan, author=secretariat)
    changed = revised.paragraphs.get(number=1)
    changed.text = changed.text.replace("foster dialogue", "foster open dialogue")
    changed.save()
    revised.paragraphs.filter(number=2).delete()
    url = reverse("workplans:compare", kwargs={"pk": draft_plan.pk})
    inline = delegate_us_client.get(url, {"old": 1, "new": 2}).content.decode()
    assert "<ins>open </ins>" in inline
    assert "<del>The group will share good practices" in inline
    side = delegate_us_client.get(url, {"old": 1, "new": 2, "view": "side"}).content.decode()
    assert "<ins>open </ins>" in side


def test_adopt_through_the_form(draft_plan, version, secretariat_client, client, second_meeting):
    response = secretariat_client.post(
        reverse("workplans:adopt", kwargs={"pk": draft_plan.pk}),
        {
            "version": version.pk,
            "meeting": second_meeting.pk,
            "decision_text": "Adopted at the second meeting.",
        },
    )
    assert response.status_code == 302
    assert client.get(draft_plan.get_absolute_url()).status_code == 200


def test_adopted_plan_is_public_with_pdf(draft_plan, version, secretariat, client, second_meeting):
    plan_services.adopt_plan(
        plan=draft_plan,
        version=version,
        meeting=second_meeting,
        decision_text="Adopted by consensus.",
        by=secretariat,
    )
    page = client.get(draft_plan.get_absolute_url())
    assert page.status_code == 200 and "Adopted by consensus." in page.content.decode()
    pdf = client.get(reverse("workplans:version_pdf", kwargs={"pk": draft_plan.pk, "number": 1}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_adoption_at_a_postponed_meeting_is_refused_on_the_form(
    draft_plan, version, group, secretariat_client
):
    from tests.meetings.factories import MeetingFactory

    starts = timezone.now() + datetime.timedelta(days=20)
    postponed = MeetingFactory(
        group=group,
        number=8,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status="postponed",
    )
    adopt = reverse("workplans:adopt", kwargs={"pk": draft_plan.pk})
    assert postponed not in secretariat_client.get(adopt).context["form"].fields["meeting"].queryset

    response = secretariat_client.post(
        adopt, {"version": version.pk, "meeting": postponed.pk, "decision_text": "Adopted."}
    )

    assert response.status_code == 200
    assert "has been held or is in progress" in response.content.decode()
    assert "meeting" in response.context["form"].errors
    draft_plan.refresh_from_db()
    assert draft_plan.status == WorkPlan.Status.DRAFT and draft_plan.adopted_at is None
