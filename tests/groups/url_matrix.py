from django.urls import reverse

from tests.factories import JoinRequestFactory
from tests.matrix import LOGGED_IN, PUBLIC, REDIRECT, STAFF, Case, staff_action


def extend_world(world):
    world["join_request"] = JoinRequestFactory(
        group=world["group"], member_state=world["hn"], requested_by=world["users"]["delegate_non_member"]
    )
    world["membership"] = world["group"].memberships.get(member_state=world["br"])


def slug(world):
    return {"slug": world["group"].slug}


CASES = {
    "groups:sent_mail": Case(url=lambda w: reverse("groups:sent_mail"), expect=STAFF),
    "home": Case(url=lambda w: reverse("home"), expect=PUBLIC),
    "groups:list": Case(url=lambda w: reverse("groups:list"), expect=PUBLIC),
    "groups:detail": Case(url=lambda w: reverse("groups:detail", kwargs=slug(w)), expect=PUBLIC),
    "groups:request_to_join": Case(
        url=lambda w: reverse("groups:request_to_join", kwargs=slug(w)),
        method="post",
        data=lambda w: {"message": "We would like to take part."},
        # Anyone without a delegation is refused; a delegate is always redirected back to
        # the group page with a message (success, or already a supporter).
        expect={
            "anonymous": 403,
            "no_role": 403,
            "delegate_us": REDIRECT,
            "delegate_non_member": REDIRECT,
            "secretariat_no_mfa": 403,
            "secretariat": 403,
        },
    ),
    "groups:subscriptions": Case(url=lambda w: reverse("groups:subscriptions"), expect=LOGGED_IN),
    "groups:create": Case(url=lambda w: reverse("groups:create"), expect=STAFF),
    "groups:edit": Case(url=lambda w: reverse("groups:edit", kwargs=slug(w)), expect=STAFF),
    "groups:close": Case(url=lambda w: reverse("groups:close", kwargs=slug(w)), expect=STAFF),
    "groups:memberships": Case(url=lambda w: reverse("groups:memberships", kwargs=slug(w)), expect=STAFF),
    "groups:add_membership": Case(
        url=lambda w: reverse("groups:add_membership", kwargs=slug(w)),
        method="post",
        data=lambda w: {"member_state": w["hn"].pk, "since": "2024-01-10"},
        expect=staff_action(),
    ),
    "groups:end_membership": Case(
        url=lambda w: reverse("groups:end_membership", kwargs={**slug(w), "pk": w["membership"].pk}),
        method="post",
        data=lambda w: {"until": "2025-01-31"},
        expect=staff_action(),
    ),
    "groups:officers": Case(url=lambda w: reverse("groups:officers", kwargs=slug(w)), expect=STAFF),
    "groups:appoint_officer": Case(
        url=lambda w: reverse("groups:appoint_officer", kwargs=slug(w)),
        method="post",
        data=lambda w: {
            "role": "chair",
            "member_state": w["us"].pk,
            "person_name": "Pat Chair",
            "term_start": "2024-01-01",
            "selection": "consensus",
        },
        expect=staff_action(),
    ),
    "groups:join_requests": Case(url=lambda w: reverse("groups:join_requests"), expect=STAFF),
    "groups:approve_join_request": Case(
        url=lambda w: reverse("groups:approve_join_request", kwargs={"pk": w["join_request"].pk}),
        method="post",
        expect={**staff_action(), "delegate_non_member": 403},
    ),
    "groups:decline_join_request": Case(
        url=lambda w: reverse("groups:decline_join_request", kwargs={"pk": w["join_request"].pk}),
        method="post",
        data=lambda w: {"reason": "The group is closed for now."},
        expect=staff_action(),
    ),
}
