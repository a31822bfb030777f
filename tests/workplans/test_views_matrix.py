from django.urls import reverse

from tests.workplans.conftest import comment_on


def test_disposition_recorded_by_staff_with_htmx(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client
):
    comment = comment_on(comment_round, delegate_us, paragraph)
    url = reverse("workplans:disposition", kwargs={"pk": comment.pk})
    data = {f"c{comment.pk}-disposition": "answered", f"c{comment.pk}-response": "See the *revised* text."}
    fragment = secretariat_client.post(url, data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<tr" in fragment.content.decode()
    comment.refresh_from_db()
    assert comment.disposition == "answered" and "<em>revised</em>" in comment.response_html
    assert delegate_us_client.post(url, data).status_code == 403


def test_matrix_runs_constant_queries(comment_round, version, delegate_us, secretariat_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    for paragraph in version.paragraphs.all():
        comment_on(comment_round, delegate_us, paragraph, kind="amendment", proposed_text="x")
    secretariat_client.get(url)
    with CaptureQueriesContext(connection) as few:
        secretariat_client.get(url)
    for _ in range(10):
        for paragraph in version.paragraphs.all():
            comment_on(comment_round, delegate_us, paragraph, kind="amendment", proposed_text="y")
    with CaptureQueriesContext(connection) as many:
        secretariat_client.get(url)
    assert len(many) == len(few)
