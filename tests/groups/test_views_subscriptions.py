"""/me/subscriptions/: the person's groups × kinds, with what they will receive checked."""

import pytest
from django.urls import reverse

from members.subscriptions import Subscription
from tests.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db
URL = "/en/me/subscriptions/"


def checked(response) -> set[str]:
    html = response.content.decode()
    return {
        part.split('id="', 1)[1].split('"', 1)[0]
        for part in html.split("<input")[1:]
        if " checked" in part.split(">", 1)[0]
    }


def test_a_delegate_sees_their_states_groups_with_the_defaults_checked(delegate_us_client, group):
    WorkingGroupFactory(slug="not-ours")  # the United States does not support it
    response = delegate_us_client.get(URL)

    assert response.status_code == 200
    assert [row[0] for row in response.context["table"]] == [group]
    marks = checked(response)
    assert f"g{group.pk}-papers-digest" in marks
    assert f"g{group.pk}-meetings-immediate" in marks
    assert f"g{group.pk}-press-none" in marks
    assert len(marks) == len(Subscription.Kind.values)


def test_saving_stores_the_choice_and_shows_it(delegate_us_client, delegate_us, group):
    response = delegate_us_client.post(
        URL, {f"g{group.pk}-papers": "immediate", f"g{group.pk}-press": "digest"}
    )

    assert response.status_code == 302 and response.url == reverse("groups:subscriptions")
    stored = dict(Subscription.objects.filter(user=delegate_us).values_list("kind", "choice"))
    assert stored == {"papers": "immediate", "press": "digest"}
    assert f"g{group.pk}-papers-immediate" in checked(delegate_us_client.get(URL))


def test_a_bad_choice_changes_nothing_and_says_why(delegate_us_client, delegate_us, group):
    response = delegate_us_client.post(URL, {f"g{group.pk}-papers": "hourly"})

    assert response.status_code == 200
    assert "Choose at once, daily digest or never" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_group_the_person_does_not_follow_cannot_be_subscribed(delegate_us_client, delegate_us):
    other = WorkingGroupFactory(slug="not-ours")
    delegate_us_client.post(URL, {f"g{other.pk}-papers": "immediate"})
    assert not Subscription.objects.exists()


def test_someone_without_a_role_follows_no_group(client, group):
    from tests.conftest import login_as
    from tests.factories import UserFactory

    login_as(client, UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["table"] == []


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_staff_see_every_open_group_in_a_constant_number_of_queries(
    secretariat_client, group, django_assert_num_queries
):
    secretariat_client.get(URL)  # warm the session and role caches
    with django_assert_num_queries(4) as few:
        secretariat_client.get(URL)
    for number in range(5):
        WorkingGroupFactory(slug=f"extra-{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = secretariat_client.get(URL)
    assert len(response.context["table"]) == 6


def test_the_preferences_page_links_to_the_subscriptions(delegate_us_client):
    response = delegate_us_client.get(reverse("members:preferences"))
    assert reverse("groups:subscriptions") in response.content.decode()
