"""The main pages of every app in the demo, by role: shared by the browser and markup checks."""

from pathlib import Path

from django.db.models import Count
from django.urls import reverse

from config.management.commands.load_demo import GROUP_SLUG
from groups.models import WorkingGroup


def site_paths():
    """English paths of the pages each role can open in the demo, lists and details of every app."""
    from meetings.models import Decision, FollowUpAction, Meeting, Minutes
    from press.models import PressRelease
    from workplans.models import CommentRound, WorkPlan, WorkPlanVersion

    held = Meeting.objects.filter(status=Meeting.Status.HELD).order_by("number").first()
    meeting = held or Meeting.objects.order_by("number").first()
    # A held meeting's details and agenda are closed to edits: those pages use a coming one.
    editable = [m for m in Meeting.objects.order_by("number") if m.is_editable()]
    plan = WorkPlan.objects.order_by("pk").first()
    revised = WorkPlan.objects.annotate(count=Count("versions")).filter(count__gte=2).order_by("pk")
    comment_round = CommentRound.objects.order_by("pk").first()
    release = PressRelease.objects.filter(language="en", status=PressRelease.Status.PUBLISHED).first()
    public = [
        reverse("home"),
        reverse("groups:list"),
        reverse("groups:detail", args=[GROUP_SLUG]),
        reverse("members:states"),
        reverse("meetings:list"),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:minutes", args=[meeting.pk]),
        reverse("workplans:list"),
        reverse("press:list"),
        release.get_absolute_url(),
        reverse("press:subscribe", args=[GROUP_SLUG]),
        *subscription_links(),
    ]
    delegate = [
        reverse("members:me"),
        reverse("members:preferences"),
        reverse("groups:subscriptions"),
        reverse("workplans:detail", args=[plan.pk]),
        reverse("workplans:round", args=[comment_round.pk]),
        reverse("members:mission", args=["US"]),
    ]
    staff = [
        reverse("groups:create"),
        reverse("groups:edit", args=[GROUP_SLUG]),
        reverse("groups:close", args=[GROUP_SLUG]),
        reverse("groups:memberships", args=[GROUP_SLUG]),
        reverse("groups:officers", args=[GROUP_SLUG]),
        reverse("groups:join_requests"),
        reverse("meetings:create", args=[GROUP_SLUG]),
        reverse("meetings:settings", args=[GROUP_SLUG]),
        reverse("meetings:agenda", args=[meeting.pk]),
        reverse("meetings:presentations", args=[meeting.pk]),
        reverse("meetings:documents", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]),
        reverse("meetings:registrations", args=[meeting.pk]),
        reverse("workplans:create", args=[GROUP_SLUG]),
        reverse("workplans:dashboard", args=[comment_round.pk]),
        reverse("workplans:matrix", args=[comment_round.pk]),
        reverse("workplans:translate_version", args=[plan.pk, 1, "es"]),
        reverse("press:manage"),
        reverse("press:create"),
        reverse("press:from_meeting"),
        reverse("press:edit", args=[release.pk]),
        reverse("webhooks:list"),
        reverse("webhooks:create"),
        reverse("groups:sent_mail"),
    ]
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    staff += [
        reverse("translations:status"),
        reverse("translations:translate", args=["groups.workinggroup", group.pk, "es"]),
    ]
    staff += [reverse("meetings:edit", args=[m.pk]) for m in editable[:1]]
    if held:  # its minutes, in the demo
        staff.append(reverse("meetings:minutes_translate", args=[held.pk, "fr"]))
    # The edit pages of minutes still being written or corrected and of a version not yet adopted.
    editable_minutes = (
        Minutes.objects.filter(status__in=[Minutes.Status.DRAFT, Minutes.Status.CIRCULATED])
        .order_by("pk")
        .first()
    )
    staff += (
        [reverse("meetings:minutes_edit", args=[editable_minutes.meeting_id])] if editable_minutes else []
    )
    draft_version = WorkPlanVersion.objects.filter(frozen=False).order_by("pk").first()
    if draft_version:
        staff.append(reverse("workplans:edit_version", args=[draft_version.plan_id, draft_version.number]))
        staff.append(
            reverse("workplans:translate_version", args=[draft_version.plan_id, draft_version.number, "pt"])
        )
    # Recording decisions at a held meeting and following their actions up.
    staff.append(reverse("meetings:decision_record", args=[meeting.pk]))
    decision = (
        Decision.objects.filter(minutes__meeting=meeting, actions__isnull=False).order_by("number").first()
    )
    staff += [reverse("meetings:decision_actions", args=[decision.pk])] if decision else []
    action = FollowUpAction.objects.order_by("pk").first()
    staff += [reverse("meetings:action_edit", args=[action.pk])] if action else []
    staff += [reverse("workplans:compare", args=[p.pk]) for p in revised[:1]]
    return {"visitor": public, "delegate": public + delegate, "staff": public + delegate + staff}


def subscription_links():
    """The pages behind the emailed links, as their recipients first see them (a button to press):
    unsubscribing a demo subscriber, and confirming a request that waits (made here: the demo's
    subscribers are all confirmed). Opening them changes nothing."""
    from members.subscriptions import PublicSubscriber
    from members.unsubscribe import CONFIRM_SALT, new_nonce, subscriber_token
    from press.public_subscriptions import confirmed_subscribers

    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    subscriber = confirmed_subscribers(group.pk).first()
    waiting, _ = PublicSubscriber.objects.get_or_create(
        email="waiting@example.org", group_id=group.pk, defaults={"nonce": new_nonce()}
    )
    return [
        reverse("members:unsubscribe", kwargs={"token": subscriber_token(subscriber)}),
        reverse(
            "members:confirm_subscription", kwargs={"token": subscriber_token(waiting, salt=CONFIRM_SALT)}
        ),
    ]


# Where .ci/run (or `npm install --prefix .tools/vnu vnu-jar`) puts the Nu HTML checker.
VNU_JAR = Path(__file__).resolve().parent.parent / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
