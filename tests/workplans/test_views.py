import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.factories import DelegateFactory, MembershipFactory, MemberStateFactory
from tests.workplans.conftest import comment_on, make_round
from tests.workplans.url_matrix import CASES as WORKPLANS_CASES
from workplans.models import Comment, MatrixExport, WorkPlan
from workplans.services import comments as comment_services
from workplans.services import plans as plan_services

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def version_url(plan, number=1):
    return reverse("workplans:version", kwargs={"pk": plan.pk, "number": number})


# Reading the plan --------------------------------------------------------------------------


def test_draft_is_seen_by_proposing_delegation_and_staff_only(
    draft_plan, delegate_us_client, delegate_br_client, secretariat_client, client
):
    url = draft_plan.get_absolute_url()
    assert delegate_us_client.get(url).status_code == 200
    assert secretariat_client.get(url).status_code == 200
    assert delegate_br_client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_plan_page_shows_numbered_paragraphs_and_activities(draft_plan, delegate_us_client):
    response = delegate_us_client.get(draft_plan.get_absolute_url())
    content = response.content.decode()
    assert "1. Objectives" in content and "Hold a regular meeting" in content
    assert 'class="paragraph-number">3.</span>' in content


def test_group_page_lists_the_plans_the_viewer_may_see(
    group, draft_plan, delegate_us_client, delegate_br_client
):
    assert draft_plan.title in delegate_us_client.get(group.get_absolute_url()).content.decode()
    assert draft_plan.title not in delegate_br_client.get(group.get_absolute_url()).content.decode()


def test_adopted_plan_is_public_with_pdf(draft_plan, version, secretariat, client, second_meeting):
    plan_services.adopt_plan(
        plan=draft_plan,
        version=version,
        meeting=second_meeting,
        decision_text="Adopted by consensus.",
        by=secretariat,
    )
    page = client.get(draft_plan.get_absolute_url())
    assert page.status_code == 200 and "Adopted by consensus." in page.content.decode()
    pdf = client.get(reverse("workplans:version_pdf", kwargs={"pk": draft_plan.pk, "number": 1}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_work_plan_page_runs_constant_queries(
    draft_plan, version, comment_round, delegate_us, delegate_br, django_assert_max_num_queries, settings
):
    client = client_for(delegate_us)
    url = version_url(draft_plan)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    states = [MemberStateFactory() for _ in range(5)]
    for state in states:
        MembershipFactory(group=draft_plan.group, member_state=state)
        user = DelegateFactory(member_state=state).user
        for paragraph in version.paragraphs.all():
            comment_on(comment_round, user, paragraph)
            comment_on(comment_round, user, paragraph, kind="amendment", proposed_text="Other text")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_paragraph_comments_load_on_demand(
    draft_plan, version, comment_round, paragraph, delegate_us, delegate_us_client
):
    comment_on(
        comment_round,
        delegate_us,
        paragraph,
        kind="amendment",
        proposed_text="The group will foster open dialogue among member states.",
    )
    url = reverse(
        "workplans:paragraph_comments", kwargs={"pk": draft_plan.pk, "number": 1, "key": paragraph.key}
    )
    fragment = delegate_us_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "<ins>open </ins>" in fragment


def test_unknown_paragraph_key_is_404(draft_plan, delegate_us_client):
    url = reverse(
        "workplans:paragraph_comments", kwargs={"pk": draft_plan.pk, "number": 1, "key": uuid.uuid4()}
    )
    assert delegate_us_client.get(url).status_code == 404


# Commenting ---------------------------------------------------------------------------------


def post_comment(client, comment_round, **data):
    payload = {
        "kind": "comment",
        "body": "",
        "proposed_text": "",
        "target": "",
        "token": str(uuid.uuid4()),
        **data,
    }
    return client.post(reverse("workplans:create_comment", kwargs={"pk": comment_round.pk}), payload)


def test_delegate_proposes_an_amendment(comment_round, paragraph, delegate_us_client, us):
    response = post_comment(
        delegate_us_client,
        comment_round,
        kind="amendment",
        target=f"p:{paragraph.key}",
        proposed_text="New wording.",
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.member_state == us and comment.paragraph == paragraph
    page = delegate_us_client.get(comment_round.get_absolute_url()).content.decode()
    assert "<ins>New wording</ins>" in page


def test_double_submit_creates_one_comment_through_the_form(comment_round, delegate_us_client):
    token = str(uuid.uuid4())
    post_comment(delegate_us_client, comment_round, body="Once only", token=token)
    post_comment(delegate_us_client, comment_round, body="Once only", token=token)
    assert Comment.objects.count() == 1


def test_empty_comment_gets_a_message_and_nothing_saved(comment_round, delegate_us_client):
    response = post_comment(delegate_us_client, comment_round, body="   ")
    assert response.status_code == 422
    assert "The comment is empty." in response.content.decode()
    assert not Comment.objects.exists()


def test_paragraph_not_in_version_gets_a_message(comment_round, delegate_us_client):
    response = post_comment(delegate_us_client, comment_round, target=f"p:{uuid.uuid4()}", body="Hello")
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_comment_after_deadline_shows_the_deadline_and_keeps_text(version, secretariat, delegate_us_client):
    now = timezone.now()
    comment_round = make_round(
        version, secretariat, opens=now - datetime.timedelta(days=3), closes=now + datetime.timedelta(days=1)
    )
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        closes_at=now - datetime.timedelta(minutes=5)
    )
    response = post_comment(delegate_us_client, comment_round, body="My careful words")
    content = response.content.decode()
    assert response.status_code == 422
    assert "closed on" in content and "America/New_York" in content
    assert "My careful words" in content
    assert not Comment.objects.exists()


def test_delegate_of_state_that_may_not_comment_gets_403(comment_round, non_member_client):
    assert post_comment(non_member_client, comment_round, body="Hello").status_code == 403
    assert not Comment.objects.exists()


def test_second_editor_is_told_and_keeps_their_text(
    comment_round, paragraph, delegate_us, us, delegate_us_client
):
    comment = comment_on(comment_round, delegate_us, paragraph, body="First")
    colleague = DelegateFactory(member_state=us).user
    url = reverse("workplans:edit_comment", kwargs={"pk": comment.pk})
    ok = client_for(colleague).post(url, {"kind": "comment", "body": "Colleague's edit", "revision": 1})
    assert ok.status_code == 302
    clash = delegate_us_client.post(url, {"kind": "comment", "body": "My own edit", "revision": 1})
    content = clash.content.decode()
    assert clash.status_code == 409
    assert "Someone else changed this comment" in content
    assert "My own edit" in content and "Colleague's edit" in content
    comment.refresh_from_db()
    assert comment.body == "Colleague's edit"
    # Saving again, knowingly, replaces the colleague's version.
    again = delegate_us_client.post(url, {"kind": "comment", "body": "My own edit", "revision": 2})
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "My own edit"


def test_withdraw_by_own_delegation(comment_round, paragraph, delegate_us, delegate_us_client):
    comment = comment_on(comment_round, delegate_us, paragraph)
    response = delegate_us_client.post(reverse("workplans:withdraw_comment", kwargs={"pk": comment.pk}))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_withdrawn()


# Visibility of other states' comments ------------------------------------------------------


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


# Neutralising script and formulas -----------------------------------------------------------


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


# Staff -------------------------------------------------------------------------------------


def test_staff_create_plan_from_markdown(group, us, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create", kwargs={"slug": group.slug}),
        {
            "title": "Plan 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "proposed_by": "state",
            "proposer_state": us.pk,
            "markdown": "# One\n\nFirst paragraph.\n\nSecond paragraph.",
        },
    )
    plan = WorkPlan.objects.get(title="Plan 2025")
    assert response.status_code == 302
    assert plan.versions.get().paragraphs.count() == 2


def test_delegate_may_not_create_a_plan(group, delegate_us_client):
    assert delegate_us_client.get(reverse("workplans:create", kwargs={"slug": group.slug})).status_code == 403


def test_staff_edit_version_in_browser(draft_plan, version, secretariat_client):
    p1 = version.paragraphs.get(number=1)
    form = secretariat_client.get(
        reverse("workplans:edit_version", kwargs={"pk": draft_plan.pk, "number": 1})
    ).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data[f"paragraph-{p1.key}"] = "Rewritten first paragraph."
    response = secretariat_client.post(
        reverse("workplans:edit_version", kwargs={"pk": draft_plan.pk, "number": 1}), data
    )
    assert response.status_code == 302
    p1.refresh_from_db()
    assert p1.text == "Rewritten first paragraph."


def test_compare_shows_insertions_and_deletions(draft_plan, version, secretariat, delegate_us_client):
    revised = plan_services.start_revision(plan=draft_plan, author=secretariat)
    changed = revised.paragraphs.get(number=1)
    changed.text = changed.text.replace("foster dialogue", "foster open dialogue")
    changed.save()
    revised.paragraphs.filter(number=2).delete()
    url = reverse("workplans:compare", kwargs={"pk": draft_plan.pk})
    inline = delegate_us_client.get(url, {"old": 1, "new": 2}).content.decode()
    assert "<ins>open </ins>" in inline
    assert "<del>The group will share good practices" in inline
    side = delegate_us_client.get(url, {"old": 1, "new": 2, "view": "side"}).content.decode()
    assert "<ins>open </ins>" in side


def test_open_round_form_takes_group_time_zone(draft_plan, version, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create_round", kwargs={"pk": draft_plan.pk, "number": 1}),
        {"opens_at": "2099-11-27T09:00", "closes_at": "2099-12-08T17:00", "reminder_days": "7, 2"},
    )
    assert response.status_code == 302
    comment_round = version.rounds.get()
    assert comment_round.closes_at == datetime.datetime(2099, 12, 8, 22, 0, tzinfo=datetime.UTC)


def test_round_form_rejects_bad_reminders(draft_plan, secretariat_client):
    response = secretariat_client.post(
        reverse("workplans:create_round", kwargs={"pk": draft_plan.pk, "number": 1}),
        {"opens_at": "2099-11-27T09:00", "closes_at": "2099-12-08T17:00", "reminder_days": "soon"},
    )
    assert response.status_code == 200 and "whole numbers" in response.content.decode()


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


def test_dashboard_counts_states_heard_from(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client
):
    comment_on(comment_round, delegate_us, paragraph, kind="question", body="Why?")
    url = reverse("workplans:dashboard", kwargs={"pk": comment_round.pk})
    response = secretariat_client.get(url)
    assert "1 of 2 states have commented." in response.content.decode()
    assert "Brazil" in response.content.decode().split('id="not-heard"')[1]
    assert delegate_us_client.get(url).status_code == 403


def test_extend_and_close(comment_round, secretariat_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("workplans:extend_round", kwargs={"pk": comment_round.pk}),
            {"closes_at": "2099-01-31T17:00"},
        )
    assert response.status_code == 302
    comment_round.refresh_from_db()
    assert comment_round.closes_at.year == 2099
    secretariat_client.post(reverse("workplans:close_round", kwargs={"pk": comment_round.pk}))
    comment_round.refresh_from_db()
    assert not comment_round.is_open()


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


def test_adopt_through_the_form(draft_plan, version, secretariat_client, client, second_meeting):
    response = secretariat_client.post(
        reverse("workplans:adopt", kwargs={"pk": draft_plan.pk}),
        {
            "version": version.pk,
            "meeting": second_meeting.pk,
            "decision_text": "Adopted at the second meeting.",
        },
    )
    assert response.status_code == 302
    assert client.get(draft_plan.get_absolute_url()).status_code == 200


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
