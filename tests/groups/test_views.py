import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import JoinRequest, Membership, Officer
from tests.factories import JoinRequestFactory, MembershipFactory, MemberStateFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def detail_url(group):
    return reverse("groups:detail", kwargs={"slug": group.slug})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --------------------------------------------------------------- group page


def test_public_group_page_shows_mandate_aims_supporters_and_officers(client, group, us):
    group.aims = "Share good practices."
    group.save()
    OfficerFactory(group=group, member_state=us, person_name="Pat Chair", role=Officer.Role.CHAIR)

    response = client.get(detail_url(group))

    content = response.content.decode()
    assert response.status_code == 200
    assert "AG/RES. 3004 (LIII-O/23)" in content
    assert "Share good practices." in content
    assert "Pat Chair" in content
    assert [m.member_state.name for m in response.context["supporters"]] == ["Brazil", "United States"]
    assert "2 member states support this group." in content


def test_group_page_leaves_out_states_whose_support_ended(client, group, br):
    Membership.objects.filter(member_state=br).update(until=datetime.date(2024, 1, 31))
    response = client.get(detail_url(group))
    assert [m.member_state.iso2 for m in response.context["supporters"]] == ["US"]


def test_unknown_group_is_404(client):
    assert client.get(reverse("groups:detail", kwargs={"slug": "no-such-group"})).status_code == 404


def test_group_page_query_count_stays_constant_as_supporters_and_officers_grow(
    client, group, django_assert_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(group)).status_code == 200
        return len(queries)

    baseline = count()  # 2 supporting states
    for _ in range(18):
        state = MemberStateFactory()
        MembershipFactory(group=group, member_state=state)
        OfficerFactory(group=group, member_state=state, role=Officer.Role.VICE_CHAIR)
    with django_assert_num_queries(baseline):
        response = client.get(detail_url(group))
    assert len(response.context["supporters"]) == 20


def test_group_list_shows_the_supporter_count(client, group):
    response = client.get(reverse("groups:list"))
    assert response.context["groups"][0].supporter_count == 2


def test_delegate_of_a_non_supporting_state_is_offered_to_ask(non_member_client, group):
    response = non_member_client.get(detail_url(group))
    assert "Ask for Honduras to join" in response.content.decode()


def test_delegate_of_a_supporting_state_is_told_it_supports(delegate_us_client, group):
    content = delegate_us_client.get(detail_url(group)).content.decode()
    assert "United States supports this group." in content
    assert "Ask for" not in content


# ------------------------------------------------------------ request to join


def test_delegate_asks_to_join_for_their_state(non_member_client, delegate_of_non_member, group, hn):
    response = non_member_client.post(
        reverse("groups:request_to_join", kwargs={"slug": group.slug}),
        {"message": "We wish to join."},
        follow=True,
    )
    join_request = JoinRequest.objects.get()
    assert (join_request.member_state, join_request.requested_by) == (hn, delegate_of_non_member)
    assert join_request.message == "We wish to join."
    assert "Your request for Honduras to join has been sent to the secretariat." in messages_of(response)
    assert "is waiting for the secretariat" in response.content.decode()


def test_request_for_a_state_already_supporting_is_refused_with_a_message(delegate_us_client, group):
    response = delegate_us_client.post(
        reverse("groups:request_to_join", kwargs={"slug": group.slug}), follow=True
    )
    assert "United States already supports this group." in messages_of(response)
    assert not JoinRequest.objects.exists()


def test_request_is_always_made_for_the_delegates_own_state(non_member_client, group, us):
    # A member_state field in the POST is ignored: the delegation decides the state.
    non_member_client.post(
        reverse("groups:request_to_join", kwargs={"slug": group.slug}), {"member_state": us.pk, "message": ""}
    )
    assert JoinRequest.objects.get().member_state.iso2 == "HN"


def test_request_by_someone_without_a_delegation_is_forbidden(client, no_role_user, group):
    client.force_login(no_role_user)
    response = client.post(reverse("groups:request_to_join", kwargs={"slug": group.slug}))
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()


def test_request_to_join_an_unknown_group_is_404(non_member_client):
    response = non_member_client.post(reverse("groups:request_to_join", kwargs={"slug": "nope"}))
    assert response.status_code == 404


def test_request_to_join_needs_post(non_member_client, group):
    response = non_member_client.get(reverse("groups:request_to_join", kwargs={"slug": group.slug}))
    assert response.status_code == 405


# -------------------------------------------------------------- memberships


def test_staff_adds_a_supporting_state(secretariat_client, group, hn):
    response = secretariat_client.post(
        reverse("groups:add_membership", kwargs={"slug": group.slug}),
        {"member_state": hn.pk, "since": "2024-01-10"},
    )
    assert response.status_code == 302
    assert group.supports(hn)


def test_htmx_add_returns_the_memberships_partial(secretariat_client, group, hn):
    response = secretariat_client.post(
        reverse("groups:add_membership", kwargs={"slug": group.slug}),
        {"member_state": hn.pk, "since": "2024-01-10"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="memberships">')
    assert "<html" not in content
    assert "3 states support the group today." in content


def test_invalid_membership_shows_errors_next_to_the_fields_and_saves_nothing(secretariat_client, group, hn):
    response = secretariat_client.post(
        reverse("groups:add_membership", kwargs={"slug": group.slug}),
        {"member_state": hn.pk, "since": "not a date"},
    )
    assert response.status_code == 200
    assert "since" in response.context["form"].errors
    assert 'id="error_1_id_since"' in response.content.decode()
    assert not group.supports(hn)


def test_htmx_invalid_membership_returns_the_partial_with_errors(secretariat_client, group):
    response = secretariat_client.post(
        reverse("groups:add_membership", kwargs={"slug": group.slug}), {"since": "2024-01-10"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="error_1_id_member_state"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_a_delegate_cannot_add_a_supporting_state(delegate_us_client, group, hn):
    response = delegate_us_client.post(
        reverse("groups:add_membership", kwargs={"slug": group.slug}),
        {"member_state": hn.pk, "since": "2024-01-10"},
    )
    assert response.status_code == 403
    assert not group.supports(hn)


def test_staff_ends_support(secretariat_client, group, br):
    membership = group.memberships.get(member_state=br)
    secretariat_client.post(
        reverse("groups:end_membership", kwargs={"slug": group.slug, "pk": membership.pk}),
        {"until": "2025-01-31"},
    )
    membership.refresh_from_db()
    assert membership.until == datetime.date(2025, 1, 31)


def test_ending_support_with_a_bad_date_changes_nothing(secretariat_client, group, br):
    membership = group.memberships.get(member_state=br)
    response = secretariat_client.post(
        reverse("groups:end_membership", kwargs={"slug": group.slug, "pk": membership.pk}),
        {"until": "2000-01-01"},
        follow=True,
    )
    assert "The end date cannot be before the start date." in messages_of(response)
    membership.refresh_from_db()
    assert membership.until is None


def test_ending_an_unknown_or_other_groups_membership_is_404(secretariat_client, group):
    other = MembershipFactory()
    for pk in (other.pk, 999_999):
        response = secretariat_client.post(
            reverse("groups:end_membership", kwargs={"slug": group.slug, "pk": pk}), {"until": "2025-01-31"}
        )
        assert response.status_code == 404


def test_manage_memberships_of_unknown_group_is_404(secretariat_client):
    assert secretariat_client.get(reverse("groups:memberships", kwargs={"slug": "nope"})).status_code == 404


# ------------------------------------------------------------------ officers


def test_staff_records_an_officer(secretariat_client, group, us):
    response = secretariat_client.post(
        reverse("groups:appoint_officer", kwargs={"slug": group.slug}),
        {
            "role": "chair",
            "member_state": us.pk,
            "person_name": "Pat",
            "term_start": "2024-01-01",
            "selection": "elected",
        },
    )
    assert response.status_code == 302
    assert group.officers.get().person_name == "Pat"


def test_officer_form_errors_are_shown_next_to_the_fields_and_nothing_is_saved(
    secretariat_client, group, us, hn
):
    response = secretariat_client.post(
        reverse("groups:appoint_officer", kwargs={"slug": group.slug}),
        {
            "role": "chair",
            "member_state": hn.pk,  # not a supporting state
            "person_name": "",
            "term_start": "2024-01-01",
            "term_end": "2023-01-01",
            "selection": "elected",
        },
    )
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert {"member_state", "person_name", "term_end"} <= set(errors)
    assert 'id="error_1_id_person_name"' in response.content.decode()
    assert not Officer.objects.exists()


def test_a_delegate_cannot_record_officers(delegate_us_client, group, us):
    response = delegate_us_client.post(
        reverse("groups:appoint_officer", kwargs={"slug": group.slug}),
        {
            "role": "chair",
            "member_state": us.pk,
            "person_name": "Pat",
            "term_start": "2024-01-01",
            "selection": "elected",
        },
    )
    assert response.status_code == 403
    assert not Officer.objects.exists()


# ------------------------------------------------------------- join requests


@pytest.fixture
def join_request(group, hn, delegate_of_non_member):
    return JoinRequestFactory(
        group=group, member_state=hn, requested_by=delegate_of_non_member, message="Please"
    )


def test_staff_sees_the_join_requests(secretariat_client, join_request):
    response = secretariat_client.get(reverse("groups:join_requests"))
    assert list(response.context["join_requests"]) == [join_request]
    assert "Honduras asks to join" in response.content.decode()


def test_staff_approves_a_request_and_the_delegation_is_emailed(
    secretariat_client, join_request, group, hn, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("groups:approve_join_request", kwargs={"pk": join_request.pk}),
            {"reason": "Welcome"},
            follow=True,
        )
    assert group.supports(hn)
    assert any("now supports" in m for m in messages_of(response))
    assert [m.to for m in mailoutbox] == [["hugo@hn-mission.example"]]


def test_approving_an_already_decided_request_changes_nothing(secretariat_client, join_request, group, hn):
    JoinRequest.objects.filter(pk=join_request.pk).update(status=JoinRequest.Status.DECLINED)
    response = secretariat_client.post(
        reverse("groups:approve_join_request", kwargs={"pk": join_request.pk}), follow=True
    )
    assert "This request had already been decided; nothing changed." in messages_of(response)
    assert not group.supports(hn)


def test_declining_without_a_reason_shows_the_error_next_to_the_field(secretariat_client, join_request):
    response = secretariat_client.post(
        reverse("groups:decline_join_request", kwargs={"pk": join_request.pk}), {"reason": "  "}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="decline-reason-{join_request.pk}-error"' in content
    assert "Give the delegation a reason for declining." in content
    join_request.refresh_from_db()
    assert join_request.is_pending()


def test_staff_declines_with_a_reason(secretariat_client, join_request, group, hn):
    secretariat_client.post(
        reverse("groups:decline_join_request", kwargs={"pk": join_request.pk}),
        {"reason": "The group is full."},
    )
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason) == (JoinRequest.Status.DECLINED, "The group is full.")
    assert not group.supports(hn)


def test_the_requesting_delegate_cannot_approve_their_own_request(non_member_client, join_request, group, hn):
    response = non_member_client.post(reverse("groups:approve_join_request", kwargs={"pk": join_request.pk}))
    assert response.status_code == 403
    assert not group.supports(hn)


def test_deciding_an_unknown_request_is_404(secretariat_client):
    for name in ("groups:approve_join_request", "groups:decline_join_request"):
        response = secretariat_client.post(reverse(name, kwargs={"pk": 999_999}), {"reason": "x"})
        assert response.status_code == 404


def test_join_request_list_query_count_stays_constant(secretariat_client, group, django_assert_num_queries):
    from tests.factories import DelegateFactory

    def add_requests(n):
        for _ in range(n):
            delegate = DelegateFactory()
            JoinRequestFactory(group=group, member_state=delegate.member_state, requested_by=delegate.user)

    add_requests(2)
    with CaptureQueriesContext(connection) as queries:
        secretariat_client.get(reverse("groups:join_requests"))
    add_requests(18)
    with django_assert_num_queries(len(queries)):
        response = secretariat_client.get(reverse("groups:join_requests"))
    assert len(response.context["join_requests"]) == 20


def test_the_group_page_shows_current_and_past_officers(client, group, us, br):
    import datetime as dt

    from groups import services as group_services

    group_services.appoint_officer(
        group=group, role="chair", member_state=us, person_name="Old Chair", term_start=dt.date(2024, 1, 1)
    )
    group_services.appoint_officer(
        group=group, role="chair", member_state=br, person_name="New Chair", term_start=dt.date(2024, 6, 1)
    )
    response = client.get(group.get_absolute_url())
    assert [o.person_name for o in response.context["officers"]] == ["New Chair"]
    assert [o.person_name for o in response.context["past_officers"]] == ["Old Chair"]
    assert 'id="past-officers"' in response.content.decode()
