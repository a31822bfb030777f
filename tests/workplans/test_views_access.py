import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.workplans.conftest import comment_on, version_url
from tests.workplans.url_matrix import CASES as WORKPLANS_CASES
from workplans.models import MatrixExport
from workplans.services import comments as comment_services

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hidden_world(draft_plan, version, comment_round, paragraph, delegate_us, delegate_br):
    secret = "Brazilian reservation text"
    comment_br = comment_on(
        comment_round, delegate_br, paragraph, kind="amendment", proposed_text=secret, body=secret
    )
    mine = comment_on(comment_round, delegate_us, paragraph, body="United States view")
    return {
        "secret": secret,
        "comment_br": comment_br,
        "mine": mine,
        "plan": draft_plan,
        "round": comment_round,
        "paragraph": paragraph,
    }


def every_reading_url(w):
    plan, comment_round = w["plan"], w["round"]
    return [
        plan.get_absolute_url(),
        version_url(plan),
        reverse(
            "workplans:paragraph_comments", kwargs={"pk": plan.pk, "number": 1, "key": w["paragraph"].key}
        ),
        reverse("workplans:compare", kwargs={"pk": plan.pk}) if plan.versions.count() > 1 else None,
        reverse("workplans:version_pdf", kwargs={"pk": plan.pk, "number": 1}),
        comment_round.get_absolute_url(),
        reverse("workplans:matrix", kwargs={"pk": comment_round.pk}),
        reverse("workplans:matrix_csv", kwargs={"pk": comment_round.pk}),
        reverse("workplans:matrix_xlsx", kwargs={"pk": comment_round.pk}),
        reverse("workplans:edit_comment", kwargs={"pk": w["comment_br"].pk}),
        reverse("workplans:list"),
    ]


def _text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        workbook = load_workbook(io.BytesIO(body))
        return " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row)
    if response.get("Content-Type") == "application/pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")


def test_no_url_shows_another_states_hidden_comment(
    hidden_world, delegate_us_client, delegate_br_client, django_capture_on_commit_callbacks
):
    for url in filter(None, every_reading_url(hidden_world)):
        response = delegate_us_client.get(url)
        assert response.status_code in (200, 404), url
        assert hidden_world["secret"] not in _text_of(response), url
    with django_capture_on_commit_callbacks(execute=True):
        delegate_us_client.post(reverse("workplans:matrix_pdf", kwargs={"pk": hidden_world["round"].pk}))
    export = MatrixExport.objects.get()
    download = delegate_us_client.get(reverse("workplans:export_download", kwargs={"pk": export.pk}))
    assert download.status_code == 200
    pdf_text = _text_of(download)
    assert "United States view" in pdf_text
    assert hidden_world["secret"] not in pdf_text
    # Another delegation cannot fetch it, even knowing the address.
    assert (
        delegate_br_client.get(reverse("workplans:export_download", kwargs={"pk": export.pk})).status_code
        == 404
    )
    # Brazil's own delegation does see it.
    assert (
        hidden_world["secret"]
        in delegate_br_client.get(
            reverse("workplans:matrix", kwargs={"pk": hidden_world["round"].pk})
        ).content.decode()
    )


def test_comments_shared_once_the_round_closes(hidden_world, delegate_us_client):
    comment_round = hidden_world["round"]
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    page = delegate_us_client.get(
        reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    ).content.decode()
    assert hidden_world["secret"] in page


def test_withdrawn_comment_stays_hidden_from_others_after_close(
    hidden_world, delegate_br, delegate_us_client
):
    comment_services.withdraw_comment(comment=hidden_world["comment_br"], user=delegate_br)
    comment_round = hidden_world["round"]
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    page = delegate_us_client.get(
        reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    ).content.decode()
    assert hidden_world["secret"] not in page


def test_other_state_cannot_open_edit_page_of_hidden_comment(hidden_world, delegate_us_client):
    url = reverse("workplans:edit_comment", kwargs={"pk": hidden_world["comment_br"].pk})
    assert delegate_us_client.get(url).status_code == 404
    assert (
        delegate_us_client.post(
            reverse("workplans:withdraw_comment", kwargs={"pk": hidden_world["comment_br"].pk})
        ).status_code
        == 404
    )


def test_script_in_a_comment_is_neutralised_everywhere(
    comment_round, paragraph, delegate_us, secretariat_client, django_capture_on_commit_callbacks
):
    comment_on(comment_round, delegate_us, paragraph, body=XSS + ' =HYPERLINK("http://x")')
    comment_on(comment_round, delegate_us, paragraph, body="=1+2")
    matrix = secretariat_client.get(
        reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    ).content.decode()
    assert "<script>alert" not in matrix and "<img" not in matrix
    assert "&lt;script&gt;" in matrix
    csv_text = secretariat_client.get(
        reverse("workplans:matrix_csv", kwargs={"pk": comment_round.pk})
    ).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=1+2" in cells
    xlsx = secretariat_client.get(reverse("workplans:matrix_xlsx", kwargs={"pk": comment_round.pk}))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    values = [c.value for row in workbook.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for row in workbook.active.iter_rows(min_row=2) for c in row if c.value)
    assert not any(v.startswith("=") for v in values)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("workplans:matrix_pdf", kwargs={"pk": comment_round.pk}))
    export = MatrixExport.objects.get()
    assert response.status_code == 302 and export.status == MatrixExport.Status.READY
    pdf_text = _text_of(
        secretariat_client.get(reverse("workplans:export_download", kwargs={"pk": export.pk}))
    )
    assert 'alert("x")' in pdf_text  # shown as text, not run


@pytest.fixture
def matrix_world(db, request):
    from tests.workplans.url_matrix import extend_world

    world = {
        "users": {
            "delegate_us": request.getfixturevalue("delegate_us"),
            "delegate_br": request.getfixturevalue("delegate_br"),
            "secretariat": request.getfixturevalue("secretariat"),
        },
        "group": request.getfixturevalue("group"),
    }
    for key in ("us", "br", "hn"):
        world[key] = request.getfixturevalue(key)
    extend_world(world)
    return world


@pytest.mark.parametrize(
    "url_name", sorted(__import__("tests.workplans.url_matrix").workplans.url_matrix.CASES)
)
def test_every_workplans_url_keeps_brazils_comment_from_the_united_states(matrix_world, url_name):
    """Brazil's comment is hidden while the round is open: no URL shows it to the US delegation."""
    case = WORKPLANS_CASES[url_name]
    secret = "Brazil's private view."
    client = client_for(matrix_world["users"]["delegate_us"])
    response = getattr(client, case.method)(case.url(matrix_world), data=case.data(matrix_world), follow=True)
    assert response.status_code in (200, 403, 404)
    assert secret not in _text_of(response).replace("&#x27;", "'")


def test_brazil_sees_its_own_comment_in_the_same_world(matrix_world):
    client = client_for(matrix_world["users"]["delegate_br"])
    page = client.get(reverse("workplans:matrix", kwargs={"pk": matrix_world["round"].pk})).content.decode()
    assert "Brazil&#x27;s private view." in page or "Brazil's private view." in page
