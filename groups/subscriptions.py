"""Who follows a group, and the page where a person chooses what they hear about and how soon.

The choices are stored by members (members.subscriptions); this module knows the groups:
whose they are (the delegates of the supporting states, and the secretariat) and which
groups a person sees on the page. Higher apps tell a group's followers of an event with
`notify`, in their own transaction.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members import digest
from members.models import Delegate
from members.permissions import SECRETARIAT, active_delegation, in_secretariat_group
from members.subscriptions import Subscription, default_choice

from .models import WorkingGroup


def audience(group: WorkingGroup, on=None) -> list:
    """Active delegates of the supporting states and the secretariat staff, by id."""
    on = on or timezone.localdate()
    supporting = group.memberships.current(on).values("member_state")
    delegates = Delegate.objects.active(on).filter(member_state__in=supporting).values("user")
    staff = get_user_model().objects.filter(groups__name=SECRETARIAT).values("pk")
    users = get_user_model().objects.filter(Q(pk__in=delegates) | Q(pk__in=staff), is_active=True)
    return list(users.order_by("pk"))


def notify(*, group: WorkingGroup, topic: str, kind: str, subject_key: str, dedupe_key: str = "") -> dict:
    """Tell the group's followers of an event by their choice for `topic` (immediate or digest)."""
    return digest.notify_subscribers(
        users=audience(group),
        group_id=group.pk,
        topic=topic,
        kind=kind,
        subject_key=subject_key,
        dedupe_key=dedupe_key,
    )


def groups_followed_by(user):
    """The groups on a person's subscriptions page: all open groups for staff, their state's for a delegate."""
    groups = WorkingGroup.objects.exclude(status=WorkingGroup.Status.CONCLUDED).order_by("pk")
    if in_secretariat_group(user):
        return groups
    delegation = active_delegation(user)
    if delegation is None:
        return groups.none()
    return groups.filter(pk__in=delegation.member_state.group_memberships.current().values("group"))


def choices_table(user, groups) -> list[tuple[WorkingGroup, list[tuple[str, str, str]]]]:
    """[(group, [(kind, kind label, effective choice)])] in two queries however many groups."""
    is_staff = in_secretariat_group(user)
    stored = {
        (row.group_id, row.kind): row.choice
        for row in Subscription.objects.filter(user=user, group_id__in=[group.pk for group in groups])
    }
    return [
        (
            group,
            [
                (kind, label, stored.get((group.pk, kind)) or default_choice(kind, is_staff=is_staff))
                for kind, label in Subscription.Kind.choices
            ],
        )
        for group in groups
    ]


@transaction.atomic
def save_choices(*, user, group_ids, choices: dict[tuple[int, str], str]) -> int:
    """Store the person's choices for the groups shown to them; returns how many rows changed."""
    allowed = set(group_ids)
    changed = 0
    for (group_id, kind), choice in choices.items():
        if (
            group_id not in allowed
            or kind not in Subscription.Kind.values
            or choice not in Subscription.Choice.values
        ):
            continue
        Subscription.objects.update_or_create(
            user=user, group_id=group_id, kind=kind, defaults={"choice": choice}
        )
        changed += 1
    return changed
