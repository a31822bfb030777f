"""The draft work plan the United States mission put to the group, and the first comments on it.

Restated in our own words from the seed's facts: at the first meeting (21 November 2023) a
proposed work plan from the Permanent Mission of the United States was submitted to the
member states, who were asked to send comments before the second meeting on 11 December 2023.
"""

import datetime
import uuid
import zoneinfo

from members.models import User

from .models import Activity, Comment, CommentRound, Paragraph, Section, WorkPlan, WorkPlanVersion
from .text import render_markdown_subset

NAMESPACE = uuid.UUID("8c5f0f4e-93a5-4c1c-9f55-2f0d4f1b2a10")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

TITLE = (
    "Work plan of the Voluntary Group of the Inter-American Democratic Charter, December 2023 to June 2024"
)

SECTIONS = [
    (
        "Purpose",
        [
            "This plan sets out what the Voluntary Group intends to do in its first months, in line with "
            "resolution AG/RES. 3004 (LIII-O/23) on strengthening democracy.",
            "The group works through dialogue and horizontal cooperation among member states, and through the "
            "exchange of good practices, within the principles of the OAS Charter and the Inter-American "
            "Democratic Charter.",
        ],
    ),
    (
        "Organisation of the group",
        [
            "The group will first settle its procedural matters: choosing a coordinator or chair, adopting its "
            "name, and agreeing on its structure, rules and working methods.",
            "The Secretariat for Strengthening Democracy will support the group, keep its records and circulate "
            "documents to the delegations.",
            "Any member state may join the group at any time by informing the secretariat.",
        ],
    ),
    (
        "Substantive work",
        [
            "The group will hold thematic exchanges on how member states put the Inter-American Democratic "
            "Charter into practice, with presentations by delegations and by the secretariats of the OAS.",
            "Delegations will be invited to share good practices, which the secretariat will compile into a "
            "short collection for the group.",
            "The group will look for opportunities for cooperation among member states and report on them.",
        ],
    ),
    (
        "Meetings and reporting",
        [
            "The group will meet about once a month, in person at OAS headquarters with the option of taking "
            "part online.",
            "The chair will report on the group's work to the Permanent Council before the next regular session "
            "of the General Assembly.",
        ],
    ),
]

ACTIVITIES = [
    (
        "Settle procedural matters",
        "Choose a coordinator or chair; adopt the group's name; agree on rules and working methods",
        "Member states, with the secretariat",
        "December 2023 to January 2024",
    ),
    (
        "Exchange good practices",
        "Thematic sessions with presentations by delegations and OAS secretariats",
        "Chair and delegations",
        "February to April 2024",
    ),
    (
        "Compile good practices",
        "A short collection of the practices presented",
        "Secretariat for Strengthening Democracy",
        "May 2024",
    ),
    (
        "Report",
        "Report to the Permanent Council",
        "Chair",
        "June 2024",
    ),
]

# (state, delegate email, paragraph number or None, kind, body, proposed text)
COMMENTS = [
    (
        "BR",
        "delegate.br@plenary.test",
        3,
        Comment.Kind.AMENDMENT,
        "Brazil suggests that procedural decisions be taken by consensus, and says so in the plan.",
        "The group will first settle its procedural matters by consensus: choosing a coordinator or chair, "
        "adopting its name, and agreeing on its structure, rules and working methods.",
    ),
    (
        "BR",
        "delegate.br@plenary.test",
        8,
        Comment.Kind.QUESTION,
        "Could the secretariat say how the collection of good practices will be shared: with the group only, "
        "or also published?",
        "",
    ),
    (
        "CA",
        "delegate.ca@plenary.test",
        6,
        Comment.Kind.COMMENT,
        "Canada welcomes the thematic exchanges and proposes that civil society experts be invited to at least "
        "one session.",
        "",
    ),
    (
        "CA",
        "delegate.ca@plenary.test",
        None,
        Comment.Kind.NEW_PARAGRAPH,
        "Canada proposes a paragraph on gender balance among speakers.",
        "The group will seek a balance of women and men among the speakers it invites.",
    ),
]


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=NEW_YORK).astimezone(datetime.UTC)


def load(*, command, group, states, units) -> int:
    proposer = User.objects.get(email="delegate.us@plenary.test")
    staff = User.objects.get(email="secretariat@plenary.test")
    plan = command.upsert(
        WorkPlan,
        {"group": group, "title": TITLE},
        {
            "period_start": datetime.date(2023, 12, 1),
            "period_end": datetime.date(2024, 6, 30),
            "proposed_by": WorkPlan.Proposer.STATE,
            "proposer_state": states["US"],
            "status": WorkPlan.Status.CONSULTATION,
            "created_at": _at(datetime.date(2023, 11, 21), 9),
        },
    )
    version = command.upsert(
        WorkPlanVersion,
        {"plan": plan, "number": 1},
        {
            "author": proposer,
            "created_at": _at(datetime.date(2023, 11, 21), 9),
            "change_note": "Proposal of the Permanent Mission of the United States, presented at the first meeting.",
        },
    )
    number = 0
    paragraphs = {}
    for section_number, (heading, texts) in enumerate(SECTIONS, start=1):
        section = command.upsert(
            Section,
            {"version": version, "number": section_number},
            {"heading": heading, "key": _key("section", section_number)},
        )
        for text in texts:
            number += 1
            paragraphs[number] = command.upsert(
                Paragraph,
                {"version": version, "number": number},
                {"section": section, "text": text, "key": _key("paragraph", number)},
            )
    for position, (objective, activity, responsible, timeline) in enumerate(ACTIVITIES, start=1):
        command.upsert(
            Activity,
            {"version": version, "position": position},
            {"objective": objective, "activity": activity, "responsible": responsible, "timeline": timeline},
        )
    # Comments close at the end of Friday 8 December, New York time, before the second meeting on the 11th.
    comment_round = command.upsert(
        CommentRound,
        {"version": version, "opens_at": _at(datetime.date(2023, 11, 22), 9)},
        {
            "closes_at": _at(datetime.date(2023, 12, 8), 18),
            "created_by": staff,
            "open_to_observers": False,
            "comments_visible_while_open": False,
            "accepts_late": False,
            "reminder_days": [7, 2],
        },
    )
    for index, (iso2, email, paragraph_number, kind, body, proposed) in enumerate(COMMENTS):
        paragraph = paragraphs.get(paragraph_number)
        sent = _at(datetime.date(2023, 12, 1 + index), 11)
        command.upsert(
            Comment,
            {"idempotency_key": _key("comment", index)},
            {
                "round": comment_round,
                "member_state": states[iso2],
                "author": User.objects.get(email=email),
                "paragraph": paragraph,
                "section": paragraph.section if paragraph else None,
                "kind": kind,
                "body": body,
                "body_html": render_markdown_subset(body),
                "proposed_text": proposed,
                "created_at": sent,
                "updated_at": sent,
            },
        )
    return 0
