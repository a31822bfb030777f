"""Comment matrix PDF for a 40-paragraph plan with 1,000 and 5,000 comments from 26 states.

The work-plan pages themselves are measured under load by `pages`; this builds the same
kind of plan (also used there) and times the landscape matrix PDF a warm worker renders, and
the peak memory of the larger one (targets of issue 13: 1,000 ≤ 5 s; 5,000 ≤ 25 s and ≤ 300 MiB).
"""

import datetime
import resource
import time
import uuid

from django.utils import timezone

from tests.benchmarks import QUICK, Result

PARAGRAPHS = 40
COMMENTS = 1000
LARGE_COMMENTS = 5000
STATES = 26


def build_data(*, comments: int = COMMENTS, prefix: str = "W"):
    """A group of 26 states, a 40-paragraph plan in a round open to comments, `comments` comments."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    from groups.models import Membership, WorkingGroup
    from members.models import Delegate, MemberState, User
    from members.permissions import DELEGATE, SECRETARIAT
    from tests.factories import TOTP_SECRET
    from workplans.models import WorkPlan
    from workplans.services import plans as plan_services
    from workplans.services import rounds as round_services

    group = WorkingGroup.objects.create(
        slug=f"bench-workplans-{prefix.lower()}",
        provisional_name="Bench group",
        provisional_name_en="Bench group",
        mandate_reference="AG/RES. 3004 (LIII-O/23)",
        established_on=datetime.date(2023, 6, 23),
    )
    delegate_role = Group.objects.get(name=DELEGATE)
    states, delegates = [], []
    for n in range(STATES):
        # Codes from `prefix`: the other benchmarks in this database take the codes from A.
        iso2 = f"{prefix}{chr(65 + n)}"
        state = MemberState.objects.create(
            iso2=iso2, iso3=iso2 + "X", name=f"State {iso2}", name_en=f"State {iso2}"
        )
        Membership.objects.create(group=group, member_state=state, since=datetime.date(2023, 11, 21))
        user = User.objects.create_user(
            email=f"wp-delegate{n}@{prefix.lower()}.bench.example", password="bench-password-1"
        )
        user.groups.add(delegate_role)
        Delegate.objects.create(user=user, member_state=state, start_date=datetime.date(2023, 1, 1))
        states.append(state)
        delegates.append(user)
    staff = User.objects.create_user(
        email=f"wp-staff@{prefix.lower()}.bench.example", password="bench-password-1"
    )
    staff.groups.add(Group.objects.get(name=SECRETARIAT))
    # Staff without a second factor read what a plain user reads (an empty matrix): give them one.
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
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
    add_comments(comment_round, states, delegates, comments)
    return plan, comment_round, (states, delegates), staff


def add_comments(comment_round, states, delegates, count: int):
    from workplans.models import Comment
    from workplans.text import render_markdown_subset

    version = comment_round.version
    paragraphs = list(version.paragraphs.order_by("number"))
    body = "We **support** this paragraph and suggest the group also considers regional practices."
    kinds = [Comment.Kind.COMMENT, Comment.Kind.AMENDMENT, Comment.Kind.QUESTION, Comment.Kind.NEW_PARAGRAPH]
    Comment.objects.bulk_create(
        Comment(
            round=comment_round,
            member_state=states[n % len(states)],
            author=delegates[n % len(delegates)],
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
        for n in range(count)
    )


def _render(comment_round, staff) -> tuple[float, float, int, int]:
    """One export rendered as the worker does: wall and CPU seconds, PDF bytes and pages."""
    import io

    from workplans.models import MatrixExport
    from workplans.services import exports as export_services

    export = MatrixExport.objects.create(round=comment_round, requested_by=staff)
    started, started_cpu = time.perf_counter(), time.process_time()
    export_services.render_matrix_export(export_id=str(export.pk))
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    export.refresh_from_db()
    content = export.file.read()
    export.file.delete(save=False)
    from pypdf import PdfReader  # only now: it is heavy, and the worker never loads it

    return seconds, cpu, len(content), len(PdfReader(io.BytesIO(content)).pages)


def run() -> list[Result]:
    from django.utils import translation

    from workplans.matrix_formats import matrix_comments, matrix_pdf

    # Quick runs render a tenth: the whole matrices take a worker many seconds.
    comments, many = (COMMENTS // 10, LARGE_COMMENTS // 10) if QUICK else (COMMENTS, LARGE_COMMENTS)
    _plan, comment_round, _people, staff = build_data(comments=comments)
    _plan, large_round, _people, large_staff = build_data(comments=many, prefix="V")
    # A warm worker: fonts, stylesheet and templates loaded by an earlier (small) matrix.
    with translation.override("en"):
        matrix_pdf(comment_round, list(matrix_comments(comment_round, staff)[:20]), language="en")
    before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The large matrix first, so the peak memory is its own (the process never shrinks).
    large = _render(large_round, large_staff)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds, cpu, size, pages = _render(comment_round, staff)
    return [
        Result(
            f"matrix PDF render ({comments} comments, warm)",
            seconds,
            "s",
            target=None if QUICK else 5,
            detail=f"CPU {cpu:.2f} s, {size / 1024:.0f} KB, {pages} pages, landscape, PDF/UA-1",
        ),
        Result(
            f"matrix PDF render ({many} comments, warm)",
            large[0],
            "s",
            target=None if QUICK else 25,
            detail=f"CPU {large[1]:.2f} s, {large[2] / 1024:.0f} KB, {large[3]} pages",
        ),
        Result(
            f"peak RSS rendering the {many}-comment matrix",
            peak_mib,
            "MiB",
            target=None if QUICK else 300,
            detail=f"{before_mib:.0f} MiB before it (Django, data, a small warm-up matrix)",
        ),
    ]
