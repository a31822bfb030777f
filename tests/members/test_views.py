import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import MemberState, User
from tests.factories import MembershipFactory, MemberStateFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# ---------------------------------------------------------------- directory


def test_directory_lists_each_state_with_codes_status_and_the_groups_it_supports(client, group, us, hn):
    MemberStateFactory(
        iso2="NI", iso3="NIC", name="Nicaragua", name_en="Nicaragua", status=MemberState.Status.WITHDRAWN,
        status_since=datetime.date(2023, 11, 19),
    )  # fmt: skip
    response = client.get(reverse("members:states"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "US · USA" in content
    assert "Withdrawn" in content
    row_us = content[content.index('id="state-us"') :].split("</tr>")[0]
    assert group.provisional_name in row_us
    row_hn = content[content.index('id="state-hn"') :].split("</tr>")[0]
    assert group.provisional_name not in row_hn
    assert "4 member states, 3 of them active." in content


def test_directory_shows_only_current_support(client, hn):
    past = WorkingGroupFactory(provisional_name="Finished group")
    MembershipFactory(
        group=past, member_state=hn, since=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1)
    )
    response = client.get(reverse("members:states"))
    assert "Finished group" not in response.content.decode()


def test_directory_query_count_stays_constant_as_states_and_groups_grow(client, django_assert_num_queries):
    group = WorkingGroupFactory()
    for _ in range(2):
        MembershipFactory(group=group, member_state=MemberStateFactory())
    baseline = count_queries(client, reverse("members:states"))
    for _ in range(18):
        MembershipFactory(group=WorkingGroupFactory(), member_state=MemberStateFactory())
    with django_assert_num_queries(baseline):
        response = client.get(reverse("members:states"))
    assert response.content.decode().count('<tr id="state-') == 20


# ------------------------------------------------------------------ my page


def test_my_page_requires_login(client):
    response = client.get(reverse("members:me"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_user_without_a_delegation_is_told_so(no_role_user, client):
    client.force_login(no_role_user)
    response = client.get(reverse("members:me"))
    assert "not linked to a delegation" in response.content.decode()


def test_past_appointments_are_listed(delegate_us, delegate_us_client, br):
    from members.services import appoint_delegate

    appoint_delegate(user=delegate_us, member_state=br, title="adviser", start_date=datetime.date(2024, 5, 1))
    response = delegate_us_client.get(reverse("members:me"))
    assert "Earlier appointments" in response.content.decode()
    assert response.context["delegation"].member_state == br


# -------------------------------------------------------------- preferences


def test_preferences_save_the_language_for_emails(delegate_us, delegate_us_client):
    response = delegate_us_client.post(
        reverse("members:preferences"),
        {"full_name": "Bob D.", "preferred_language": "pt", "receives_reminders": ""},
    )
    assert response.status_code == 302
    delegate_us.refresh_from_db()
    assert delegate_us.preferred_language == "pt"
    assert delegate_us.receives_reminders is False


def test_preferences_reject_an_unknown_language_next_to_the_field_and_save_nothing(
    delegate_us, delegate_us_client
):
    response = delegate_us_client.post(
        reverse("members:preferences"), {"full_name": "Changed", "preferred_language": "de"}
    )
    assert response.status_code == 200
    assert "preferred_language" in response.context["form"].errors
    assert 'id="error_1_id_preferred_language"' in response.content.decode()
    delegate_us.refresh_from_db()
    assert delegate_us.full_name == "Bob Delegate"
    assert User.objects.get(pk=delegate_us.pk).preferred_language == "en"


def test_preferences_require_login(client):
    response = client.post(reverse("members:preferences"), {"preferred_language": "es"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_language_links_point_to_the_same_page_in_each_language(client):
    MemberStateFactory(iso2="US", name="United States")
    html = client.get("/es/member-states/").content.decode()
    for code in ("en", "es", "fr", "pt"):
        assert f'href="/{code}/member-states/" lang="{code}" hreflang="{code}"' in html
    assert 'hreflang="es" aria-current="true"' in html


def test_language_links_on_a_missing_page_keep_the_path(client):
    html = client.get("/fr/no-such-page/?q=1").content.decode()
    assert 'href="/pt/no-such-page/?q=1" lang="pt"' in html


def test_language_links_keep_the_arguments_and_query_of_the_page(client):
    from django.urls import translate_url

    from tests.factories import WorkingGroupFactory

    group = WorkingGroupFactory()
    path = f"/es/groups/{group.slug}/?tab=a%20b&x=%C3%A9"
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    for code in ("en", "fr", "pt"):
        expected = translate_url(response.wsgi_request.get_full_path(), code).replace("&", "&amp;")
        assert f'href="{expected}" lang="{code}"' in html
