"""The draft work plan the United States mission put to the group, the comments on it, and its revision.

Restated in our own words from the seed's facts: at the first meeting (21 November 2023) a
proposed work plan from the Permanent Mission of the United States was submitted to the
member states, who were asked to send comments before the second meeting on 11 December 2023.
That round closed on 8 December. The present-day part is dated from the day the demo is loaded:
a revised draft (version 2) whose comment round is open now, closing about ten days from
today and before the next meeting.
"""

import datetime
import uuid
import zoneinfo

from meetings.demo import next_weekday, today_in
from meetings.models import Meeting
from members.models import User

from . import demo_translations
from .models import Activity, Comment, CommentRound, Paragraph, Section, WorkPlan, WorkPlanVersion
from .text import render_markdown_subset

NAMESPACE = uuid.UUID("8c5f0f4e-93a5-4c1c-9f55-2f0d4f1b2a10")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

TITLE = "Work plan of the Voluntary Group of the Inter-American Democratic Charter"
# Its first title named a period that has passed; a demo loaded before the revision gets renamed.
OLD_TITLE = f"{TITLE}, December 2023 to June 2024"
# The plan's title in the other official languages (the English above is its original).
TITLES = {
    "es": "Plan de trabajo del Grupo Voluntario de la Carta Democrática Interamericana",
    "fr": "Plan de travail du Groupe volontaire de la Charte démocratique interaméricaine",
    "pt": "Plano de trabalho do Grupo Voluntário da Carta Democrática Interamericana",
}
# The open round closes this many days after the demo is loaded (on a weekday, 6 p.m. New York).
ROUND_CLOSES_IN_DAYS = 10

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
    # A demo loaded before the plan lost its dated title gets the new one (saved, so the trail shows it).
    for renamed in WorkPlan.objects.filter(group=group, title=OLD_TITLE):
        renamed.title = TITLE
        renamed.save(update_fields=["title"])
        command.changes += 1
    today = today_in(NEW_YORK)
    plan = command.upsert(
        WorkPlan,
        {"group": group, "title": TITLE},
        {
            "period_start": datetime.date(2023, 12, 1),
            "period_end": _month_end(today, 7),
            "proposed_by": WorkPlan.Proposer.STATE,
            "proposer_state": states["US"],
            "status": WorkPlan.Status.CONSULTATION,
            "created_at": _at(datetime.date(2023, 11, 21), 9),
        },
    )
    untranslated = [code for code, title in TITLES.items() if getattr(plan, f"title_{code}") != title]
    if untranslated:
        for code in untranslated:
            setattr(plan, f"title_{code}", TITLES[code])
        plan.save(update_fields=[f"title_{code}" for code in untranslated])
        command.changes += 1
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
    comments = []
    for index, (iso2, email, paragraph_number, kind, body, proposed) in enumerate(COMMENTS):
        paragraph = paragraphs.get(paragraph_number)
        sent = _at(datetime.date(2023, 12, 1 + index), 11)
        comments.append(
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
        )
    _load_revision(
        command=command,
        plan=plan,
        previous=version,
        comments=comments,
        states=states,
        staff=staff,
        today=today,
    )
    demo_translations.load_translations(command=command, plan=plan, translator=staff)
    return 0


def _month_end(today: datetime.date, months_ahead: int) -> datetime.date:
    following = today.month + months_ahead  # the month after the one wanted, counted from 0
    return datetime.date(today.year + following // 12, following % 12 + 1, 1) - datetime.timedelta(days=1)


def _month(today: datetime.date, months_ahead: int) -> str:
    return f"{_month_end(today, months_ahead):%B %Y}"


# Version 2: what changed, by the key of version 1's paragraph (None adds a paragraph after it).
REVISED_TEXT = {
    3: (
        "The group will first settle its procedural matters by consensus: choosing a coordinator or chair, "
        "adopting its name, and agreeing on its structure, rules and working methods."
    ),
    6: (
        "The group will hold thematic exchanges on how member states put the Inter-American Democratic "
        "Charter into practice, with presentations by delegations, by the secretariats of the OAS and, at "
        "one session at least, by invited experts from civil society."
    ),
}
NEW_PARAGRAPH_AFTER = 8
NEW_PARAGRAPH = "The group will seek a balance of women and men among the speakers it invites."

# Round 1's comments: (disposition, response); the resulting paragraph is found by key.
DISPOSITIONS = [
    (Comment.Disposition.ACCEPTED, "Taken into version 2, paragraph 3.", 3),
    (
        Comment.Disposition.ANSWERED,
        "The collection is shared with the group first; the group decides whether to publish it.",
        None,
    ),
    (
        Comment.Disposition.PARTLY_ACCEPTED,
        "Version 2 invites civil society experts to one session at least.",
        6,
    ),
    (Comment.Disposition.ACCEPTED, "Added as a new paragraph in version 2.", "new"),
]

# Comments already sent in the open round: (state, paragraph key number, kind, body, days ago).
OPEN_ROUND_COMMENTS = [
    (
        "MX",
        9,
        Comment.Kind.COMMENT,
        "Mexico supports meeting about once a month and asks that documents be circulated a week ahead.",
        2,
    ),
    (
        "AR",
        None,
        Comment.Kind.QUESTION,
        "Could the secretariat say when the options on the group's structure will be circulated?",
        1,
    ),
]


def _load_revision(*, command, plan, previous, comments, states, staff, today) -> None:
    """Version 2 (the revised draft) and its comment round, open now and closing before the next meeting."""
    opens_at = _at(today - datetime.timedelta(days=3), 9)
    version = command.upsert(
        WorkPlanVersion,
        {"plan": plan, "number": 2},
        {
            "author": staff,
            "based_on": previous,
            "created_at": opens_at - datetime.timedelta(hours=1),
            "change_note": (
                "Revised draft prepared by the secretariat, as asked at the second meeting: it takes in the "
                "comments of Brazil and Canada and sets new dates for the activities."
            ),
        },
    )
    paragraphs = _revised_body(command, version, previous)
    when = [
        ("Settle procedural matters", f"At the third meeting, {_month(today, 0)}"),
        ("Exchange good practices", f"{_month(today, 1)} to {_month(today, 3)}"),
        ("Compile good practices", _month(today, 4)),
        ("Report", _month(today, 6)),
    ]
    for position, (objective, activity, responsible, _timeline) in enumerate(ACTIVITIES, start=1):
        command.upsert(
            Activity,
            {"version": version, "position": position},
            {
                "objective": objective,
                "activity": activity,
                "responsible": responsible,
                "timeline": dict(when)[objective],
            },
        )
    disposed_at = opens_at - datetime.timedelta(hours=2)
    for comment, (disposition, response, result) in zip(comments, DISPOSITIONS, strict=True):
        command.upsert(
            Comment,
            {"pk": comment.pk},
            {
                "disposition": disposition,
                "response": response,
                "response_html": render_markdown_subset(response),
                "disposed_by": staff,
                "disposed_at": disposed_at,
                "resulting_paragraph": paragraphs.get(result),
            },
        )
    next_meeting = Meeting.objects.get(group=plan.group, number=3)
    closes_at = _at(next_weekday(today + datetime.timedelta(days=ROUND_CLOSES_IN_DAYS)), 18)
    if closes_at >= next_meeting.starts_at:
        raise ValueError("The demo's open round must close before the next meeting.")
    comment_round = command.upsert(
        CommentRound,
        {"version": version},
        {
            "opens_at": opens_at,
            "closes_at": closes_at,
            "closed_early_at": None,
            "created_by": staff,
            "created_at": opens_at,
            "open_to_observers": False,
            "comments_visible_while_open": False,
            "accepts_late": False,
            "reminder_days": [7, 2],
        },
    )
    for index, (iso2, number, kind, body, days_ago) in enumerate(OPEN_ROUND_COMMENTS):
        paragraph = paragraphs.get(number)
        sent = _at(today - datetime.timedelta(days=days_ago), 11)
        command.upsert(
            Comment,
            {"idempotency_key": _key("comment", "v2", index)},
            {
                "round": comment_round,
                "member_state": states[iso2],
                "author": User.objects.get(email=f"delegate.{iso2.lower()}@plenary.test"),
                "paragraph": paragraph,
                "section": paragraph.section if paragraph else None,
                "kind": kind,
                "body": body,
                "body_html": render_markdown_subset(body),
                "proposed_text": "",
                "created_at": sent,
                "updated_at": sent,
            },
        )


def _revised_body(command, version, previous) -> dict:
    """Version 1's sections and paragraphs with the same keys, revised; returns paragraphs by v1 number."""
    by_old_number = {}
    number = 0
    sections = {s.pk: s for s in previous.sections.all()}
    for old in previous.paragraphs.order_by("number"):
        old_section = sections[old.section_id]
        section = command.upsert(
            Section,
            {"version": version, "number": old_section.number},
            {"heading": old_section.heading, "key": old_section.key},
        )
        number += 1
        by_old_number[old.number] = command.upsert(
            Paragraph,
            {"version": version, "number": number},
            {"section": section, "text": REVISED_TEXT.get(old.number, old.text), "key": old.key},
        )
        if old.number == NEW_PARAGRAPH_AFTER:
            number += 1
            by_old_number["new"] = command.upsert(
                Paragraph,
                {"version": version, "number": number},
                {"section": section, "text": NEW_PARAGRAPH, "key": _key("paragraph", "v2", "new")},
            )
    return by_old_number
