"""CPU and queries of single page requests in process (not a benchmark: `python -m tests.benchmarks _prof_pages`).

The group page and the meeting page (visitor and staff) with every list the meeting page can show,
each requested PROF_REQUESTS times through the test client after a warm-up, beside the minimal
view. On a database migrated once (quicker than the harness's fresh one):

    PLENARY_VAR_DIR=/tmp/prof manage.py migrate
    PLENARY_BENCH_DATABASE=/tmp/prof/plenary.sqlite3 PLENARY_BENCH_OUTPUT=/dev/null \
        python -m tests.benchmarks.__main__ --one _prof_pages

PROF_SQL=1 lists the queries of the page named by PROF_PAGE; PROF=1 prints a cProfile of the page named by PROF_PAGE (a prefix of its label).
"""

import cProfile
import datetime
import os
import pstats
import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

REQUESTS = int(os.environ.get("PROF_REQUESTS", "100"))


def every_list(group, meeting, staff):
    """Papers, a presentation, a postponement, decisions, minutes approved at it, an adopted plan."""
    from meetings.models import Decision, Meeting, MeetingDateChange, Minutes, Presentation
    from tests.factories import SecretariatUnitFactory
    from tests.meetings.factories import DocumentFactory, MeetingFactory
    from tests.workplans.conftest import make_plan
    from workplans.models import WorkPlan

    items = list(meeting.agenda_items.order_by("position"))
    papers = [
        DocumentFactory(meeting=meeting, agenda_item=items[n] if n % 2 else None, is_public=True)
        for n in range(6)
    ]
    Presentation.objects.create(
        meeting=meeting,
        agenda_item=items[0],
        presenter_kind="secretariat",
        unit=SecretariatUnitFactory(),
        title="The secretariat's report",
        slides=papers[1],
    )
    MeetingDateChange.objects.create(
        meeting=meeting,
        old_starts_at=meeting.starts_at - datetime.timedelta(days=7),
        old_ends_at=meeting.ends_at - datetime.timedelta(days=7),
        new_starts_at=meeting.starts_at,
        new_ends_at=meeting.ends_at,
        reason="The room was taken.",
    )
    earlier_start = meeting.starts_at - datetime.timedelta(days=60)
    earlier = MeetingFactory(
        group=group,
        number=99,
        starts_at=earlier_start,
        ends_at=earlier_start + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )
    Minutes.objects.create(meeting=earlier, status=Minutes.Status.PUBLISHED, approved_at_meeting=meeting)
    later_start = meeting.starts_at + datetime.timedelta(days=60)
    later = MeetingFactory(
        group=group,
        number=100,
        starts_at=later_start,
        ends_at=later_start + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )
    # The bench's meeting (tests.benchmarks.pages.meeting_data) already has its minutes and decisions.
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes.objects.create(
        meeting=meeting, status=Minutes.Status.PUBLISHED, approved_at_meeting=later
    )
    if not minutes.decisions.exists():
        for n in range(1, 4):
            Decision.objects.create(minutes=minutes, number=n, text=f"The group agreed point {n}.")
    plan = make_plan(group, group.memberships.first().member_state, staff)
    WorkPlan.objects.filter(pk=plan.pk).update(
        status=WorkPlan.Status.ADOPTED, adopted_version=plan.versions.get(), adopted_at=meeting
    )


def run():
    from django.db import transaction

    # Rolled back: the script can be run again and again on one migrated database (see the docstring).
    with transaction.atomic():
        measure()
        transaction.set_rollback(True)
    return []


def measure():
    from tests.benchmarks.pages import meeting_data, session_cookie
    from tests.factories import make_secretariat

    group, meeting = meeting_data()
    staff = make_secretariat("prof-staff@secretariat.example")
    every_list(group, meeting, staff)
    staff_cookie = session_cookie(staff)
    pages = [
        ("minimal view", "/bench/minimal/", ""),
        ("404 page (base template)", "/en/no-such-page/", ""),
        ("group page (visitor)", reverse("groups:detail", kwargs={"slug": group.slug}), ""),
        ("meeting page (visitor)", reverse("meetings:detail", kwargs={"pk": meeting.pk}), ""),
        ("meeting page (staff)", reverse("meetings:detail", kwargs={"pk": meeting.pk}), staff_cookie),
    ]
    if os.environ.get("PROF_API"):  # the open API's lists, with the bench's releases
        from tests.benchmarks.pages import API_LISTS, newsroom_data

        newsroom_data()
        pages += [(f"API {name}", f"/api/v1/{name}", "") for name in API_LISTS]
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=plain_static,
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="tests.benchmarks.newsroom_site.urls",
        DEBUG=False,
        PLENARY_API_RATE="100000/min",
    ):
        for label, path, cookie in pages:
            client = Client()
            if cookie:
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            for _ in range(5):
                response = client.get(path)
            assert response.status_code == (404 if label.startswith("404") else 200), (
                label,
                response.status_code,
            )
            with CaptureQueriesContext(connection) as capture:
                client.get(path)
            queries = capture.captured_queries  # read now: the next request empties the log
            if os.environ.get(
                "PROF_SAVE"
            ):  # a folder: each page's HTML, to compare before and after a change
                os.makedirs(os.environ["PROF_SAVE"], exist_ok=True)
                with open(
                    os.path.join(os.environ["PROF_SAVE"], label.split(" (")[0] + label[-8:-1] + ".html"), "wb"
                ) as out:
                    out.write(response.content)
            profiler = cProfile.Profile()
            profile = os.environ.get("PROF") and label.startswith(os.environ.get("PROF_PAGE", "~"))
            cpu = time.process_time()
            if profile:
                profiler.enable()
            for _ in range(REQUESTS):
                client.get(path)
            profiler.disable()
            ms = 1000 * (time.process_time() - cpu) / REQUESTS
            print(
                f"{label:28} {ms:6.2f} ms CPU  {len(queries):3} queries  {len(response.content) / 1024:.1f} KB"
            )
            if os.environ.get("PROF_SQL") and label.startswith(os.environ.get("PROF_PAGE", "~")):
                for query in queries:
                    print("   ", query["sql"][:300])
            if profile:
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats(os.environ.get("PROF_FILTER", ""), 60)
                by_area = {}
                for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
                    area = (
                        filename.split("site-packages/")[-1].rsplit("/", 1)[0]
                        if "/" in filename
                        else filename
                    )
                    by_area[area] = by_area.get(area, 0) + tottime
                for area, seconds in sorted(by_area.items(), key=lambda x: -x[1])[:25]:
                    print(f"  {1000 * seconds / REQUESTS:6.2f} ms  {area}")
                if os.environ.get("PROF_CALLERS"):
                    stats.print_callers(os.environ["PROF_CALLERS"])
