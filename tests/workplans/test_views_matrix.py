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


def test_matrix_rows_show_what_is_stored_escaped_and_staff_alone_get_the_form(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client
):
    from workplans.models import Comment

    amendment = comment_on(
        comment_round, delegate_us, paragraph, kind="amendment", proposed_text="<b>new</b> text"
    )
    Comment.objects.filter(pk=amendment.pk).update(disposition="answered", response='"<i>no</i>"')
    url = reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    html = secretariat_client.get(url).content.decode()
    row = html[html.index(f'id="comment-{amendment.pk}"') :]
    row = row[: row.index("</tr>")]
    assert '<td data-testid="disposition">Answered</td>' in row and "Proposed amendment" in row
    assert '<div class="tracked">' in row and "<ins>" in row and "&lt;b&gt;" in row  # escaped
    assert "<b>new</b>" not in row
    assert f'name="c{amendment.pk}-disposition"' in row
    assert '<option value="answered" selected>Answered</option>' in row
    assert "&quot;&lt;i&gt;no&lt;/i&gt;&quot;</textarea>" in row
    assert f'for="c{amendment.pk}-response"' in row and "Disposition of the comment of United States" in row
    delegate_html = delegate_us_client.get(url).content.decode()
    assert f'id="comment-{amendment.pk}"' in delegate_html
    assert f'name="c{amendment.pk}-disposition"' not in delegate_html


def test_a_refused_disposition_comes_back_in_the_row_with_its_error(
    comment_round, paragraph, delegate_us, secretariat_client
):
    comment = comment_on(comment_round, delegate_us, paragraph)
    url = reverse("workplans:disposition", kwargs={"pk": comment.pk})
    data = {f"c{comment.pk}-disposition": "not-a-disposition"}
    fragment = secretariat_client.post(url, data, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 422
    assert html.startswith(f'<tr id="comment-{comment.pk}">') and 'role="alert"' in html
    assert 'role="status"' not in html
