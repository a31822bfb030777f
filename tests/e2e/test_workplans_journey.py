"""A delegate comments on a draft work plan; the secretariat disposes of the comments and revises it."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, login
from tests.factories import TOTP_SECRET
from tests.workplans.conftest import make_plan, make_round
from workplans.models import Comment, WorkPlan


@pytest.fixture
def consultation(transactional_db, group, us, secretariat, delegate_br, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    plan = make_plan(group, us, secretariat)
    comment_round = make_round(plan.versions.get(), secretariat)
    WorkPlan.objects.filter(pk=plan.pk).update(status=WorkPlan.Status.CONSULTATION)
    return {"plan": plan, "round": comment_round}


def test_delegate_amends_staff_dispose_download_and_compare(page, live_server, consultation, secretariat):
    plan = consultation["plan"]

    # A Brazilian delegate reads the draft and proposes an amendment to paragraph 1.
    login(page, live_server, "beatriz@br-mission.example")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    expect(page.get_by_role("article")).to_contain_text("The group will foster dialogue among member states")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Propose an amendment to paragraph 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New comment on behalf of Brazil")
    assert_no_axe_violations(page)
    proposed = page.get_by_label("Proposed text")
    expect(proposed).to_have_value(re.compile("The group will foster dialogue"))
    proposed.fill("The group will foster open and regular dialogue among member states on the Charter.")
    page.get_by_label("Comment").fill("Brazil proposes to say *how* the dialogue happens.")
    page.get_by_role("button", name="Send comment").click()

    expect(page.get_by_role("status").first).to_contain_text("sent on behalf of Brazil")
    mine = page.get_by_role("table", name=re.compile("Your delegation's comments"))
    expect(mine).to_contain_text("Proposed amendment")
    expect(mine.locator("ins").first).to_contain_text("open and regular")
    assert_no_axe_violations(page)

    # The delegate edits it; the state's list shows the new text.
    page.get_by_role("link", name="Edit comment on paragraph 1").click()
    assert_no_axe_violations(page)
    page.get_by_label("Comment").fill("Brazil proposes to say how often the dialogue happens.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").first).to_contain_text("Your changes were saved")
    expect(mine).to_contain_text("how often the dialogue happens")
    assert Comment.objects.get().revision == 2

    # The secretariat records a disposition in the matrix.
    page.context.clear_cookies()
    login(page, live_server, secretariat.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/en/rounds/{consultation['round'].pk}/matrix/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment matrix")
    assert_no_axe_violations(page)
    row = page.get_by_role("row", name=re.compile("paragraph 1"))
    row.get_by_label(re.compile("Disposition of the comment of Brazil")).select_option(
        label="Partly accepted"
    )
    row.get_by_label("Response").fill("Regular dialogue is taken in; the frequency is left to the group.")
    row.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("disposition")).to_have_text("Partly accepted")
    assert Comment.objects.get().disposition == "partly_accepted"
    assert_no_axe_violations(page)

    # Spreadsheet and PDF downloads.
    with page.expect_download() as spreadsheet:
        page.get_by_role("link", name="Download spreadsheet (XLSX)").click()
    workbook = load_workbook(io.BytesIO(open(spreadsheet.value.path(), "rb").read()))  # noqa: SIM115
    cells = [c.value for row in workbook.active.iter_rows() for c in row]
    assert "Brazil" in cells and "Partly accepted" in cells

    page.get_by_role("button", name="Prepare PDF (landscape)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment matrix PDF")
    assert_no_axe_violations(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the comment matrix (PDF)").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115

    # The secretariat starts a revised version, changes paragraph 1 and compares the versions.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name="Start a revised version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit version 2")
    assert_no_axe_violations(page)
    page.get_by_label("Paragraph 1", exact=True).fill(
        "The group will foster open and regular dialogue among member states on the Inter-American Democratic Charter."
    )
    page.get_by_role("button", name="Save version").click()
    expect(page.get_by_role("status").first).to_contain_text("Version 2 saved")

    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 compared with version 2")
    expect(page.locator("ins").first).to_contain_text("open and regular")
    assert_no_axe_violations(page)
    page.get_by_label("Shown").select_option("side")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("columnheader", name="Version 2")).to_be_visible()
    assert_no_axe_violations(page)
