"""The audit trail: every change people make to the record leaves who, what and when."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
AUDITED = [
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Attendance",
    "meetings.Document",
    "meetings.DocumentFile",
    "meetings.Presentation",
    "meetings.Minutes",
    "meetings.Decision",
    "workplans.WorkPlan",
    "workplans.WorkPlanVersion",
    "workplans.CommentRound",
    "workplans.Comment",
    "members.Delegate",
    "groups.WorkingGroup",
    "groups.Membership",
    "groups.Officer",
]


def test_every_record_people_change_has_a_history():
    missing = [label for label in AUDITED if not hasattr(apps.get_model(label), "history")]
    assert missing == []


def test_staff_read_what_changed_who_and_when_on_the_meeting_page(group, secretariat, secretariat_client):
    meeting = MeetingFactory(group=group, title="Old title")
    form = secretariat_client.get(reverse("meetings:edit", args=[meeting.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data["title_en"] = "New title"  # the form has one field per language
    response = secretariat_client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = secretariat_client.get(meeting.get_absolute_url()).content.decode()
    history = page.split("History of changes", 1)[1]
    assert "“Old title” → “New title”" in history
    assert secretariat.get_full_name() in history


def test_delegates_do_not_see_the_history(group, delegate_us_client):
    meeting = MeetingFactory(group=group)
    page = delegate_us_client.get(meeting.get_absolute_url()).content.decode()
    assert "History of changes" not in page


def audited_model_names() -> set[str]:
    return {label.split(".")[1] for label in AUDITED}


def chain_root(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def test_no_queryset_update_of_an_audited_model_escapes_the_history():
    """A queryset UPDATE sends no signal: the function must call record_change after it."""
    escaping = []
    for app in ("members", "groups", "meetings", "workplans", "press", "config"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for function in ast.walk(ast.parse(path.read_text())):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
                records = any(
                    getattr(call.func, "id", getattr(call.func, "attr", "")) == "record_change"
                    for call in calls
                )
                for call in calls:
                    func = call.func
                    if (
                        isinstance(func, ast.Attribute)
                        and func.attr == "update"
                        and chain_root(func.value) in audited_model_names()
                        and not records
                    ):
                        escaping.append(f"{path.relative_to(ROOT)}:{call.lineno} in {function.name}")
    assert escaping == []
