"""Work plan under comment: a 40-paragraph plan with 1,000 comments from 26 states.

Reports the work-plan page's p99 latency at 2 clients (gunicorn on loopback, a delegate's
session), its HTML size and query count, the comment matrix page's query count, and how
long the landscape matrix PDF takes to render.
"""

import datetime
import os
import statistics
import threading
import time
import uuid
from http.client import HTTPConnection

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.benchmarks import Result
from tests.conftest import login_as

CLIENTS = 2
DURATION = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PARAGRAPHS = 40
COMMENTS = 1000
STATES = 26


def build_data():
    from django.contrib.auth.models import Group

    from groups.models import Membership, WorkingGroup
    from members.models import Delegate, MemberState, User
    from members.permissions import DELEGATE, SECRETARIAT
    from workplans.models import Comment, WorkPlan
    from workplans.services import plans as plan_services
    from workplans.services import rounds as round_services
    from workplans.text import render_markdown_subset

    group = WorkingGroup.objects.create(
        slug="bench-workplans",
        provisional_name="Bench group",
        provisional_name_en="Bench group",
        mandate_reference="AG/RES. 3004 (LIII-O/23)",
        established_on=datetime.date(2023, 6, 23),
    )
    delegate_role = Group.objects.get(name=DELEGATE)
    states, delegates = [], []
    for n in range(STATES):
        # Letters from W on: the other benchmarks in this database take the codes from A.
        iso2 = f"{chr(87 + n // 26)}{chr(65 + n % 26)}"
        state = MemberState.objects.create(
            iso2=iso2, iso3=iso2 + "X", name=f"State {iso2}", name_en=f"State {iso2}"
        )
        Membership.objects.create(group=group, member_state=state, since=datetime.date(2023, 11, 21))
        user = User.objects.create_user(email=f"wp-delegate{n}@bench.example", password="bench-password-1")
        user.groups.add(delegate_role)
        Delegate.objects.create(user=user, member_state=state, start_date=datetime.date(2023, 1, 1))
        states.append(state)
        delegates.append(user)
    staff = User.objects.create_user(email="wp-staff@bench.example", password="bench-password-1")
    staff.groups.add(Group.objects.get(name=SECRETARIAT))
    sections = []
    for s in range(5):
        paragraphs = "\n\n".join(
            f"Paragraph {s * 8 + p + 1}: the group will work on this objective, share good practices among "
            "member states and report on progress to the Permanent Council in due course."
            for p in range(PARAGRAPHS // 5)
        )
        sections.append(f"# Section {s + 1}\n\n{paragraphs}")
    plan = plan_services.create_plan(
        group=group,
        title="Bench work plan",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        proposed_by=WorkPlan.Proposer.STATE,
        proposer_state=states[0],
        author=staff,
        markdown="\n\n".join(sections),
    )
    version = plan.versions.get()
    now = timezone.now()
    comment_round = round_services.open_round(
        version=version,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=5),
        created_by=staff,
        comments_visible_while_open=True,
    )
    paragraphs = list(version.paragraphs.order_by("number"))
    body = "We **support** this paragraph and suggest the group also considers regional practices."
    kinds = [Comment.Kind.COMMENT, Comment.Kind.AMENDMENT, Comment.Kind.QUESTION, Comment.Kind.NEW_PARAGRAPH]
    Comment.objects.bulk_create(
        Comment(
            round=comment_round,
            member_state=states[n % STATES],
            author=delegates[n % STATES],
            paragraph=paragraphs[n % PARAGRAPHS],
            section=paragraphs[n % PARAGRAPHS].section,
            kind=kinds[n % 4],
            body=body,
            body_html=render_markdown_subset(body),
            proposed_text="The group will work on this objective with open and regular dialogue."
            if kinds[n % 4] in (Comment.Kind.AMENDMENT, Comment.Kind.NEW_PARAGRAPH)
            else "",
            idempotency_key=uuid.uuid4(),
        )
        for n in range(COMMENTS)
    )
    return plan, comment_round, delegates[1], staff


def measure_queries(client, url) -> tuple[int, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)


def load(base: str, path: str, cookie: str, seconds: float) -> list[float]:
    host, port = base.split("//")[1].split(":")
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    errors: list[str] = []

    def worker():
        conn = HTTPConnection(host, int(port), timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
                return
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{path}: {errors[0]}")
    return latencies


def run() -> list[Result]:
    from tests.benchmarks.newsroom import start_server
    from workplans.models import MatrixExport
    from workplans.services import exports as export_services

    plan, comment_round, delegate, staff = build_data()
    page_path = reverse("workplans:version", kwargs={"pk": plan.pk, "number": 1})
    matrix_path = reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    delegate_client, staff_client = Client(), Client()
    login_as(delegate_client, delegate)
    login_as(staff_client, staff)
    # Plain static storage, as in the load-test server: the benchmark does not run collectstatic.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["testserver"]):
        page_queries, page_bytes = measure_queries(delegate_client, page_path)
        matrix_queries, matrix_bytes = measure_queries(delegate_client, matrix_path)

    server, base = start_server(cache_seconds=0)
    try:
        cookie = delegate_client.cookies["sessionid"].value
        load(base, page_path, cookie, 1)  # warm up workers and templates
        latencies, minimal = [], []
        for _round in range(ROUNDS):
            latencies.extend(load(base, page_path, cookie, DURATION))
            # The same server answering "ok", under the same conditions: what the machine allows.
            minimal.extend(load(base, "/bench/minimal/", cookie, DURATION))
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    minimal.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    minimal_p99 = minimal[max(0, int(len(minimal) * 0.99) - 1)]

    export = MatrixExport.objects.create(round=comment_round, requested_by=staff)
    started = time.perf_counter()
    export_services.render_matrix_export(export_id=str(export.pk))
    pdf_seconds = time.perf_counter() - started
    export.refresh_from_db()
    pdf_size = export.file.size
    export.file.delete(save=False)

    return [
        Result(
            f"work-plan page p99 at {CLIENTS} clients",
            p99,
            "ms",
            target=100,
            detail=f"median {statistics.median(latencies):.1f} ms, {len(latencies)} requests",
        ),
        Result(
            f"minimal view p99 at {CLIENTS} clients (same server)",
            minimal_p99,
            "ms",
            detail=f"median {statistics.median(minimal):.1f} ms, {len(minimal)} requests",
        ),
        Result("work-plan page size", page_bytes / 1024, "KB", target=150),
        Result(
            "work-plan page queries",
            page_queries,
            "q",
            detail=f"{COMMENTS} comments, {PARAGRAPHS} paragraphs",
        ),
        Result(
            "comment matrix page queries (100 a page)",
            matrix_queries,
            "q",
            detail=f"{matrix_bytes / 1024:.0f} KB",
        ),
        Result(
            f"matrix PDF render ({COMMENTS} comments)",
            pdf_seconds,
            "s",
            detail=f"{pdf_size / 1024:.0f} KB, landscape, PDF/UA-1",
        ),
    ]
