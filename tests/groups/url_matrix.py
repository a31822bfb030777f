from django.urls import reverse

from tests.factories import JoinRequestFactory
from tests.matrix import PUBLIC, REDIRECT, STAFF, Case, staff_action


def extend_world(world):
    world["join_request"] = JoinRequestFactory(
        group=world["group"], member_state=world["hn"], requested_by=world["users"]["delegate_non_member"]
    )
    world["membership"] = world["group"].memberships.get(member_state=world["br"])


def slug(world):
    return {"slug": world["group"].slug}


CASES = {
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


# Press releases and the newsroom ----------------------------------------------------------


def extend_press_world(world):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from groups import services
    from tests.groups.press import draft_release, published_release

    group = world["group"]
    release = published_release(group, title="First meeting")
    release.pdf.save(f"matrix-{release.slug}.pdf", ContentFile(b"%PDF-1.7\n%matrix\n"), save=False)
    release.pdf_etag, release.pdf_made_at = "matrix", timezone.now()
    release.save(update_fields=["pdf", "pdf_etag", "pdf_made_at"])
    world["press_release"] = release
    world["press_draft"] = draft_release(group, title="Draft")
    world["press_in_review"] = services.submit_press_release_for_review(
        release=draft_release(group, title="In review")
    )


_extend_world_without_press = extend_world


def extend_world(world):  # noqa: F811
    _extend_world_without_press(world)
    extend_press_world(world)


def press(name, key="press_release"):
    return lambda w: reverse(f"groups:{name}", kwargs={"pk": w[key].pk})


def public_release(name):
    return lambda w: reverse(f"groups:{name}", kwargs={"slug": w["press_release"].slug})


CASES.update(
    {
        "groups:press_list": Case(url=lambda w: reverse("groups:press_list"), expect=PUBLIC),
        "groups:press_release": Case(url=public_release("press_release"), expect=PUBLIC),
        "groups:press_release_pdf": Case(url=public_release("press_release_pdf"), expect=PUBLIC),
        "groups:press_feed_rss": Case(url=lambda w: reverse("groups:press_feed_rss"), expect=PUBLIC),
        "groups:press_feed_atom": Case(url=lambda w: reverse("groups:press_feed_atom"), expect=PUBLIC),
        "groups:group_press_feed_rss": Case(
            url=lambda w: reverse("groups:group_press_feed_rss", kwargs=slug(w)), expect=PUBLIC
        ),
        "groups:group_press_feed_atom": Case(
            url=lambda w: reverse("groups:group_press_feed_atom", kwargs=slug(w)), expect=PUBLIC
        ),
        "sitemap": Case(url=lambda w: reverse("sitemap"), expect=PUBLIC),
        "groups:press_manage": Case(url=lambda w: reverse("groups:press_manage"), expect=STAFF),
        "groups:press_create": Case(url=lambda w: reverse("groups:press_create"), expect=STAFF),
        "groups:press_edit": Case(url=press("press_edit", "press_draft"), expect=STAFF),
        "groups:press_preview": Case(
            url=lambda w: reverse("groups:press_preview"),
            method="post",
            data=lambda w: {"title": "T", "body": "# Heading\n\ntext"},
            expect=staff_action(200),
        ),
        "groups:press_submit": Case(
            url=press("press_submit", "press_draft"), method="post", expect=staff_action()
        ),
        "groups:press_return_to_draft": Case(
            url=press("press_return_to_draft", "press_in_review"), method="post", expect=staff_action()
        ),
        "groups:press_schedule": Case(
            url=press("press_schedule", "press_in_review"),
            method="post",
            data=lambda w: {"publish_at": "2099-01-01T09:00"},
            expect=staff_action(),
        ),
        "groups:press_publish": Case(
            url=press("press_publish", "press_in_review"), method="post", expect=staff_action()
        ),
        "groups:press_correct": Case(
            url=press("press_correct"),
            method="post",
            data=lambda w: {"note": "Date fixed.", "title": "First meeting", "body": "Corrected text."},
            expect=staff_action(),
        ),
        "groups:press_withdraw": Case(
            url=press("press_withdraw"),
            method="post",
            data=lambda w: {"note": "Issued in error."},
            expect=staff_action(),
        ),
        "groups:press_translate": Case(
            url=press("press_translate"),
            method="post",
            data=lambda w: {"language": "es"},
            expect=staff_action(),
        ),
    }
)

CASES["groups:press_from_meeting"] = Case(url=lambda w: reverse("groups:press_from_meeting"), expect=STAFF)
