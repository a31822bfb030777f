"""Every hot page under load: wrk at 20 connections, each page beside the minimal view of its round.

Two gunicorn servers on loopback share the benchmark database and cache: one with the
newsroom page cache, one without (every other page is served by the second). Per round and
server the minimal view is measured before and after each page, and the page's throughput
is compared with the mean of the two, which cancels slow drifts in the machine's load.
Signed-in pages carry a real session cookie (a test client logged in against the same
database). SQL queries are counted once per page with the test client, at 10 comments and
again at 1,000 (and, with BENCH_LARGE=1, on the large data set: see `measure_large`).
"""

import datetime
import os
import statistics
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.benchmarks import QUICK, Row
from tests.benchmarks import _fixtures as fixtures
from tests.benchmarks import workplans as workplan_data
from tests.benchmarks._server import MINIMAL, WORKERS, Server, wrk

CONNECTIONS = 20
# 3 s rounds keep the full run under 12 minutes with 24 pages, each interleaved with the minimal view.
SECONDS = 2.0 if QUICK else float(os.environ.get("BENCH_SECONDS", "3"))
CPU_REQUESTS = 5 if QUICK else 30  # sent one at a time, after the load, for server CPU per request
ROUNDS = 1 if QUICK else int(os.environ.get("BENCH_ROUNDS", "3"))
RELEASES = 60
# (least share of the minimal view's throughput in %, most server CPU ms per request, most p99 ms)
TARGETS = {"cached": (50, None, 50), "public": (10, 10, None), "signed-in": (8, 12, None)}
MAX_QUERIES = 8
# BENCH_LARGE=1 (`make bench LARGE=1`): after the rounds, load `manage.py load_large` (100,000 comments,
# 2,000 meetings, 5,000 releases...) into the same database and measure every page again on it.
LARGE = os.environ.get("BENCH_LARGE", "") not in ("", "0")
LARGE_RATIO = 1.5
API_LISTS = ["groups", "meetings", "papers", "decisions", "workplans", "press-releases"]
YEAR = timezone.now().year


@dataclass
class Page:
    label: str
    kind: str  # a key of TARGETS
    path: str
    cookie: str = ""
    queries: list = field(default_factory=list)  # at 10 comments, at 1,000
    size: int = 0
    loads: list = field(default_factory=list)
    cpu_ms: float = 0.0
    shares: list = field(default_factory=list)
    large_queries: int | None = None
    large: object = None  # wrk's figures on the large data set

    @property
    def server(self) -> str:
        return "cached" if self.kind == "cached" else "uncached"


def newsroom_data() -> tuple[str, str]:
    from groups.models import WorkingGroup
    from press.demo import bulk_release, bulk_release_body
    from press.models import PressRelease, PressReleaseSet

    body = bulk_release_body()
    groups = [
        WorkingGroup.objects.create(
            slug=f"bench-group-{n}",
            provisional_name=f"Bench working group {n}",
            provisional_name_en=f"Bench working group {n}",
            mandate_reference="AG/RES. 3004 (LIII-O/23)",
            established_on=datetime.date(2023, 6, 23),
        )
        for n in range(3)
    ]
    start = timezone.now() - datetime.timedelta(days=RELEASES)
    releases = []
    for n in range(RELEASES):
        release_set = PressReleaseSet.objects.create(group=groups[n % 3])
        published_at = start + datetime.timedelta(days=n)
        releases += [
            bulk_release(
                release_set=release_set,
                language=language,
                number=n + 1,
                year=start.year,
                published_at=published_at,
                body=body,
            )
            for language in ("en", "es")
        ]
    PressRelease.objects.bulk_create(releases)
    newest = PressRelease.objects.filter(language="en").order_by("-published_at").first()
    return "/en/newsroom/", newest.get_absolute_url()


PAPERS = 12
DECISIONS = 10


def meeting_data():
    """The organisation's 35 states supporting a group, and a held public meeting they attended,
    with what a visitor reads of a real one: its papers (each in English, every other one also in
    Spanish) and its published minutes with decisions. The meeting page and the API's paper and
    decision lists are measured with these rows, not empty."""
    from meetings.models import Decision, Document, DocumentFile, Minutes

    group, states = fixtures.organisation(35)
    meeting = fixtures.held_meeting(group, states)
    meeting.is_public = True
    meeting.save(update_fields=["is_public"])
    items = list(meeting.agenda_items.order_by("position"))
    papers = Document.objects.bulk_create(
        Document(
            meeting=meeting,
            agenda_item=items[n % len(items)] if n % 3 else None,
            symbol=f"BENCH/doc.{n}/23",
            number=n,
            title=f"Paper {n}: national experience with the democratic charter",
            language="en",
            is_public=True,
        )
        for n in range(1, PAPERS + 1)
    )
    DocumentFile.objects.bulk_create(
        DocumentFile(
            document=paper,
            language=language,
            file=f"bench/paper-{paper.number}-{language}.pdf",
            original_name=f"paper-{paper.number}.pdf",
            content_type="application/pdf",
            size=120_000,
        )
        for paper in papers
        for language in (["en", "es"] if paper.number % 2 else ["en"])
    )
    minutes = Minutes.objects.create(
        meeting=meeting,
        symbol="BENCH/MIN.1/23",
        chair="Ana Chair",
        next_steps=fixtures.PARAGRAPH,
        status=Minutes.Status.PUBLISHED,
        # Approved at the group's next meeting, as minutes are.
        approved_at_meeting=fixtures.held_meeting(group, states, items=2, number=2),
    )
    Decision.objects.bulk_create(
        Decision(minutes=minutes, number=n, text=f"Decision {n}: {fixtures.PARAGRAPH[:160]}")
        for n in range(1, DECISIONS + 1)
    )
    return group, meeting


def session_cookie(user) -> str:
    from tests.conftest import login_as

    client = Client()
    login_as(client, user)  # with the second factor recorded, as staff pages require
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def count_queries(page: Page) -> None:
    client = Client()
    if page.cookie:
        name, value = page.cookie.split("=", 1)
        client.cookies[name] = value
    # The bench process's cache is the servers' (Redis): the cached pages are counted as served from it.
    cache_seconds = 600 if page.kind == "cached" else 0
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=plain_static,
        ALLOWED_HOSTS=["testserver"],
        PLENARY_NEWSROOM_CACHE_SECONDS=cache_seconds,
        PLENARY_PUBLIC_PAGE_CACHE_SECONDS=cache_seconds,
    ):
        client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.label}: HTTP {response.status_code} from the test client")
    page.queries.append(len(queries))
    page.size = len(response.content)


def check_served(server: Server, page: Page) -> None:
    """wrk counts only 4xx and 5xx as errors: make sure the page is a 200, not a redirect to log in."""
    conn = HTTPConnection(server.base.split("//")[1], timeout=30)
    conn.request("GET", page.path, headers={"Cookie": page.cookie} if page.cookie else {})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{page.label}: HTTP {response.status} from the server")


def build() -> tuple[list[Page], callable]:
    list_path, release_path = newsroom_data()
    group, meeting = meeting_data()
    plan, comment_round, (states, delegates), staff = workplan_data.build_data(comments=10, prefix="X")
    # The secretariat signs in with a second factor (build_data gave them one).
    delegate, staff_cookie = session_cookie(delegates[1]), session_cookie(staff)
    paragraph = comment_round.version.paragraphs.order_by("number").first()
    with translation.override("en"):
        pages = [
            Page("group page (visitor)", "public", reverse("groups:detail", kwargs={"slug": group.slug})),
            # Served from the page cache (members.page_cache) as visitors are; the line above is a miss.
            Page(
                "group page (visitor, cached)",
                "cached",
                reverse("groups:detail", kwargs={"slug": group.slug}),
            ),
            Page("newsroom list (cached)", "cached", list_path),
            Page("release page (cached)", "cached", release_path),
            Page("newsroom list (uncached)", "public", list_path),
            Page("release page (uncached)", "public", release_path),
            Page("meeting page (visitor)", "public", reverse("meetings:detail", kwargs={"pk": meeting.pk})),
            Page(
                "meeting page (visitor, cached)",
                "cached",
                reverse("meetings:detail", kwargs={"pk": meeting.pk}),
            ),
            Page(
                "meeting page (staff)",
                "signed-in",
                reverse("meetings:detail", kwargs={"pk": meeting.pk}),
                staff_cookie,
            ),
            Page(
                "attendance page (staff, 35 states)",
                "signed-in",
                reverse("meetings:attendance", kwargs={"pk": meeting.pk}),
                staff_cookie,
            ),
            Page("my page (delegate)", "signed-in", reverse("members:me"), delegate),
            Page(
                "work-plan page (delegate)",
                "signed-in",
                reverse("workplans:version", kwargs={"pk": plan.pk, "number": 1}),
                delegate,
            ),
            Page(
                "paragraph comments (delegate)",
                "signed-in",
                reverse(
                    "workplans:paragraph_comments", kwargs={"pk": plan.pk, "number": 1, "key": paragraph.key}
                ),
                delegate,
            ),
            Page(
                "round dashboard (staff)",
                "signed-in",
                reverse("workplans:dashboard", kwargs={"pk": comment_round.pk}),
                staff_cookie,
            ),
            Page(
                "matrix page (staff)",
                "signed-in",
                reverse("workplans:matrix", kwargs={"pk": comment_round.pk}),
                staff_cookie,
            ),
            # Words found in every data set: the small one's releases and meeting, the large one's all kinds.
            Page("search (visitor)", "public", f"{reverse('search')}?q=working+group"),
            Page("search (delegate)", "signed-in", f"{reverse('search')}?q=working+group", delegate),
            Page(
                "search, one word, by year (visitor)", "public", f"{reverse('search')}?q=charter&year={YEAR}"
            ),
            *(Page(f"API {name}", "public", f"/api/v1/{name}") for name in API_LISTS),
        ]

    def grow():
        workplan_data.add_comments(comment_round, states, delegates, workplan_data.COMMENTS - 10)

    return pages, grow


def median(values):
    return statistics.median(values) if values else float("nan")


def progress(message: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {message}", flush=True)


def run() -> list[Row]:
    pages, grow = build()
    progress("data built")
    for page in pages:
        count_queries(page)
    grow()  # 1,000 comments from here on
    for page in pages:
        count_queries(page)
    progress("queries counted")
    servers = {"cached": Server(cache_seconds=600), "uncached": Server(cache_seconds=0)}
    minimal: dict[str, list] = {name: [] for name in servers}
    minimal_cpu: dict[str, float] = {}
    plan_page = next(p for p in pages if p.label.startswith("work-plan page"))
    two_clients = []
    try:
        for page in pages:  # warm up workers, templates and cache entries
            check_served(servers[page.server], page)
            wrk(servers[page.server], page.path, seconds=1, connections=CONNECTIONS, cookie=page.cookie)
        progress("servers warm")
        for _round in range(ROUNDS):
            for name, server in servers.items():
                before = wrk(server, MINIMAL, seconds=SECONDS, connections=CONNECTIONS)
                minimal[name].append(before)
                for page in (p for p in pages if p.server == name):
                    load = wrk(
                        server, page.path, seconds=SECONDS, connections=CONNECTIONS, cookie=page.cookie
                    )
                    after = wrk(server, MINIMAL, seconds=SECONDS, connections=CONNECTIONS)
                    minimal[name].append(after)
                    page.loads.append(load)
                    both = before.rps + after.rps
                    page.shares.append(200 * load.rps / both if both else float("nan"))
                    before = after
            two_clients.append(
                wrk(
                    servers["uncached"],
                    plan_page.path,
                    seconds=SECONDS,
                    connections=2,
                    cookie=plan_page.cookie,
                )
            )
        progress("load measured")
        if LARGE:
            measure_large(pages, servers)
        for page in pages:
            page.cpu_ms = servers[page.server].cpu_ms_per_request(
                page.path, cookie=page.cookie, requests=CPU_REQUESTS
            )
        for name, server in servers.items():
            minimal_cpu[name] = server.cpu_ms_per_request(MINIMAL, requests=CPU_REQUESTS)
    finally:
        for server in servers.values():
            server.stop()
    return report(pages, minimal, minimal_cpu, two_clients)


def measure_large(pages: list[Page], servers: dict) -> None:
    """Load the large data set beside the pages' own data, then count and load each page again."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("load_large", scale=float(os.environ.get("BENCH_LARGE_SCALE", "1")))
    progress(f"large data set loaded in {time.perf_counter() - started:.0f} s")
    for page in pages:
        sizes = page.queries[:]
        count_queries(page)
        page.large_queries = page.queries.pop()
        page.queries = sizes
        page.large = wrk(
            servers[page.server], page.path, seconds=SECONDS, connections=CONNECTIONS, cookie=page.cookie
        )
    progress("large data set measured")


def report(pages: list[Page], minimal: dict, minimal_cpu: dict, two_clients: list) -> list[Row]:
    judge = not QUICK
    how = (
        f"wrk, {CONNECTIONS} connections, {WORKERS} gunicorn workers, {ROUNDS} round(s) of {SECONDS:g} s; "
        f"CPU from {CPU_REQUESTS} requests one at a time"
    )
    rows = []
    for name, loads in minimal.items():
        rows.append(
            Row(
                f"minimal view ({name} server)",
                {
                    "rps": median([x.rps for x in loads]),
                    "p50 ms": median([x.p50 for x in loads]),
                    "p99 ms": median([x.p99 for x in loads]),
                    "CPU ms/req": minimal_cpu[name],
                },
                detail=how if name == "cached" else "",
            )
        )
    for page in pages:
        least, most_cpu, most_p99 = TARGETS[page.kind]
        figures = {
            "rps": median([x.rps for x in page.loads]),
            "p50 ms": median([x.p50 for x in page.loads]),
            "p99 ms": median([x.p99 for x in page.loads]),
            "CPU ms/req": page.cpu_ms,
            "SQL q": "/".join(str(q) for q in page.queries),
            "KB": page.size / 1024,
            "% minimal": median(page.shares),
        }
        if page.large is not None:
            figures["SQL q"] += f"/{page.large_queries}"
            figures["p99 large ms"] = page.large.p99
        row = Row(page.label, figures)
        if judge and page.large is not None:
            row.check(
                f"large set: p99 and SQL ≤ {LARGE_RATIO}×",
                page.large.p99 <= LARGE_RATIO * figures["p99 ms"]
                and page.large_queries <= LARGE_RATIO * max(page.queries),
            )
        if judge:
            row.check(f"≥ {least} % of minimal", figures["% minimal"] >= least)
            if most_cpu is not None:
                row.check(f"≤ {most_cpu} ms CPU", figures["CPU ms/req"] <= most_cpu)
            if most_p99 is not None:
                row.check(f"p99 ≤ {most_p99} ms", figures["p99 ms"] <= most_p99)
            row.check(
                f"≤ {MAX_QUERIES} SQL, same at 10 and 1,000 comments",
                max(page.queries) <= MAX_QUERIES and len(set(page.queries)) == 1,
            )
        rows.append(row)
    plan_page = next(p for p in pages if p.label.startswith("work-plan page"))
    row = Row(
        "work-plan page, 1,000 comments, 2 clients",
        {
            "rps": median([x.rps for x in two_clients]),
            "p50 ms": median([x.p50 for x in two_clients]),
            "p99 ms": median([x.p99 for x in two_clients]),
            "CPU ms/req": plan_page.cpu_ms,
            "KB": plan_page.size / 1024,
        },
    )
    if judge:
        row.check("p99 ≤ 60 ms", row.figures["p99 ms"] <= 60)
        row.check("≤ 60 KB", row.figures["KB"] <= 60)
    rows.append(row)
    return rows
