"""My page runs a fixed, small number of SQL queries, whatever the number of colleagues.

Counted with the test client (SQLite sessions in the database): session, user, roles, the
user's appointments with their colleagues, then one query each for the groups, join requests,
coming meetings and open comment rounds shown by the higher apps' tags.
"""

import datetime

from django.urls import reverse

from tests.factories import DelegateFactory, UserFactory


def test_my_page_runs_seven_queries_with_one_colleague_or_many(
    delegate_us, delegate_us_client, us, br, django_assert_num_queries
):
    url = reverse("members:me")
    DelegateFactory(member_state=us, user=UserFactory(full_name="Carla Colleague"))
    with django_assert_num_queries(7):
        assert delegate_us_client.get(url).status_code == 200
    for n in range(6):
        DelegateFactory(member_state=us, user=UserFactory(full_name=f"Colleague {n}"))
    DelegateFactory(
        member_state=us,
        user=UserFactory(full_name="Former Colleague"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    DelegateFactory(member_state=br, user=UserFactory(full_name="Brazilian Delegate"))
    with django_assert_num_queries(7):
        html = delegate_us_client.get(url).content.decode()
    assert "Carla Colleague" in html and "Colleague 5" in html
    assert "Former Colleague" not in html and "Brazilian Delegate" not in html
