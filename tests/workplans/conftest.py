import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from workplans.models import WorkPlan
from workplans.services import comments as comment_services
from workplans.services import plans as plan_services
from workplans.services import rounds as round_services

PLAN_MARKDOWN = """# Objectives

The group will foster dialogue among member states on the Inter-American Democratic Charter.

The group will share good practices in strengthening democratic institutions.

# Working methods

The group will meet at least twice a year, in person or online.

| Objective | Activity | Responsible | Timeline |
|---|---|---|---|
| Dialogue | Hold a regular meeting | Chair | Twice a year |
| Good practices | Compile a collection of practices | Secretariat | Second half of 2024 |
"""


def make_plan(group, state, author, *, status=WorkPlan.Status.DRAFT):
    plan = plan_services.create_plan(
        group=group,
        title="Work plan of the Voluntary Group, 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        proposed_by=WorkPlan.Proposer.STATE,
        proposer_state=state,
        author=author,
        markdown=PLAN_MARKDOWN,
    )
    if status != WorkPlan.Status.DRAFT:
        WorkPlan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
    return plan


def version_url(plan, number=1):
    return reverse("workplans:version", kwargs={"pk": plan.pk, "number": number})


def make_round(version, author, *, opens=None, closes=None, **options):
    now = timezone.now()
    return round_services.open_round(
        version=version,
        opens_at=opens or now - datetime.timedelta(days=1),
        closes_at=closes or now + datetime.timedelta(days=10),
        created_by=author,
        **options,
    )


@pytest.fixture
def draft_plan(group, us, secretariat):
    return make_plan(group, us, secretariat)


@pytest.fixture
def version(draft_plan):
    return draft_plan.versions.get()


@pytest.fixture
def comment_round(version, secretariat):
    return make_round(version, secretariat)


@pytest.fixture
def paragraph(version):
    return version.paragraphs.get(number=1)


def comment_on(
    comment_round, user, paragraph=None, kind="comment", body="We support this.", proposed_text=""
):
    return comment_services.submit_comment(
        comment_round=comment_round,
        user=user,
        kind=kind,
        body=body,
        proposed_text=proposed_text,
        paragraph_key=paragraph.key if paragraph else None,
        token=uuid.uuid4(),
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def second_meeting(group):
    from meetings.models import Meeting
    from tests.meetings.factories import MeetingFactory

    starts = datetime.datetime(2023, 12, 11, 10, tzinfo=datetime.UTC) + datetime.timedelta(hours=5)
    return MeetingFactory(
        group=group,
        number=2,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )
