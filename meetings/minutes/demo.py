"""Minutes of the group's first meeting, in our own words from the seed's facts (called by demo.py)."""

import datetime

from meetings.models import Meeting

from .models import Decision, Minutes, MinutesItem
from .services import default_symbol

SUMMARIES = [
    "The Secretariat for Strengthening Democracy opened the meeting, which it had helped convene, and recalled "
    "that resolution AG/RES. 3004 (LIII-O/23) created the group. Twenty-six member states support it and it "
    "remains open to others. Its purpose is dialogue, horizontal cooperation and the exchange of good "
    "practices, and finding ways, within the OAS Charter and the Inter-American Democratic Charter, to "
    "strengthen democracy in the region.",
    "The Secretary for Hemispheric Affairs, the Secretary for Access to Rights and Equity and a representative "
    "of the Secretariat for Integral Development each described how their secretariat supports the mandate of "
    "the resolution. Delegations asked questions after the three presentations.",
    "Delegations discussed the roles and responsibilities of participants, the group's structure, its "
    "procedures and the rules under which it will meet. They agreed that these procedural matters should be "
    "settled first so that the group can work in an orderly way.",
    "The Permanent Mission of the United States presented a proposed work plan for the coming months, which "
    "was put to the member states for their consideration.",
    "Delegations reviewed the next steps and agreed on the date of the second meeting.",
]

DECISIONS = [
    "To settle the procedural matters that let the group meet in an orderly way, among them choosing a "
    "coordinator or chair, adopting the group's name, and defining its structure, rules and working methods.",
    "To consider the work plan proposed by the Permanent Mission of the United States; member states are asked "
    "to send their comments on it before the group's next meeting.",
    "To hold the second meeting of the group on 11 December 2023.",
]


def load_minutes(*, command, meeting: Meeting, approved_at: Meeting) -> Minutes:
    """Approved and published minutes of `meeting`; idempotent like every demo loader."""
    published = approved_at.starts_at <= datetime.datetime.now(datetime.UTC)
    minutes = command.upsert(
        Minutes,
        {"meeting": meeting},
        {
            "status": Minutes.Status.PUBLISHED if published else Minutes.Status.CIRCULATED,
            "symbol": default_symbol(meeting),
            "chair": "Secretariat for Strengthening Democracy (facilitating; coordinator to be chosen)",
            "opening": "",
            "next_steps": (
                "Member states send their comments on the proposed work plan before the second meeting. "
                "The secretariat prepares options for the procedural matters to be discussed then."
            ),
            "next_meeting": approved_at,
            "next_meeting_text": "",
            "corrections_until": datetime.date(2023, 12, 6),
            "circulated_at": datetime.datetime(2023, 11, 28, 15, tzinfo=datetime.UTC),
            "approved_at_meeting": approved_at if published else None,
            "published_at": datetime.datetime(2023, 12, 12, 15, tzinfo=datetime.UTC) if published else None,
        },
    )
    for position, (item, summary) in enumerate(
        zip(meeting.agenda_items.order_by("position"), SUMMARIES, strict=False), start=1
    ):
        command.upsert(
            MinutesItem,
            {"minutes": minutes, "position": position},
            {"agenda_item": item, "title": item.title, "summary": summary},
        )
    for number, text in enumerate(DECISIONS, start=1):
        command.upsert(Decision, {"minutes": minutes, "number": number}, {"text": text})
    return minutes
