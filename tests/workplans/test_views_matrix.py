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


def test_a_made_matrix_pdf_is_served_with_an_etag_and_a_304_when_unchanged(
    comment_round, delegate_us_client, delegate_br_client, django_capture_on_commit_callbacks
):
    from workplans.models import MatrixExport

    with django_capture_on_commit_callbacks(execute=True):
        delegate_us_client.post(reverse("workplans:matrix_pdf", kwargs={"pk": comment_round.pk}))
    url = reverse("workplans:export_download", kwargs={"pk": MatrixExport.objects.get().pk})
    download = delegate_us_client.get(url)
    assert download.status_code == 200 and download["ETag"]
    unchanged = delegate_us_client.get(url, headers={"If-None-Match": download["ETag"]})
    assert unchanged.status_code == 304
    assert delegate_br_client.get(url, headers={"If-None-Match": download["ETag"]}).status_code == 404
