"""Minutes of the group's first two meetings (called by demo.py).

The first meeting's minutes restate the seed's facts in our own words; they were approved at the
second meeting, whose own minutes record that approval and wait for the next meeting's.
"""

import datetime

from meetings.models import Meeting
from members.models import SecretariatUnit

from .models import Decision, FollowUpAction, Minutes, MinutesItem
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

# The first meeting's decisions, as the register lists them: (kind, agenda position, {language: text},
# follow-up actions as (what, due date, status)). Worded by us from the facts of the meeting.
FIRST_DECISIONS = [
    (
        "procedural",
        3,
        {
            "en": "Until the group chooses a coordinator, the Secretariat for Strengthening Democracy facilitates "
            "its work and convenes its meetings.",
            "es": "Hasta que el grupo elija a un coordinador, la Secretaría para el Fortalecimiento de la "
            "Democracia facilita su trabajo y convoca sus reuniones.",
            "fr": "Jusqu'à ce que le groupe choisisse un coordonnateur, le Secrétariat au renforcement de la "
            "démocratie facilite ses travaux et convoque ses réunions.",
            "pt": "Até que o grupo escolha um coordenador, a Secretaria de Fortalecimento da Democracia facilita "
            "seus trabalhos e convoca suas reuniões.",
        },
        [("Prepare options for choosing a coordinator or chair", datetime.date(2023, 12, 11), "done")],
    ),
    (
        "procedural",
        3,
        {
            "en": "To take up the group's name, its structure and its rules of procedure at the next meeting.",
            "es": "Examinar en la próxima reunión el nombre del grupo, su estructura y su reglamento.",
            "fr": "Examiner à la prochaine réunion le nom du groupe, sa structure et son règlement intérieur.",
            "pt": "Examinar na próxima reunião o nome do grupo, sua estrutura e seu regimento.",
        },
        [],
    ),
    (
        "adoption",
        4,
        {
            "en": "To circulate the work plan proposed by the Permanent Mission of the United States; member "
            "states send their comments on it before the group's next meeting.",
            "es": "Circular el plan de trabajo propuesto por la Misión Permanente de los Estados Unidos; los "
            "Estados miembros envían sus comentarios antes de la próxima reunión del grupo.",
            "fr": "Diffuser le plan de travail proposé par la Mission permanente des États-Unis ; les États "
            "membres envoient leurs observations avant la prochaine réunion du groupe.",
            "pt": "Circular o plano de trabalho proposto pela Missão Permanente dos Estados Unidos; os Estados "
            "membros enviam seus comentários antes da próxima reunião do grupo.",
        },
        [("Collect member states' comments on the proposed work plan", datetime.date(2023, 12, 8), "done")],
    ),
    (
        "procedural",
        5,
        {
            "en": "To hold the second meeting of the group on 11 December 2023.",
            "es": "Celebrar la segunda reunión del grupo el 11 de diciembre de 2023.",
            "fr": "Tenir la deuxième réunion du groupe le 11 décembre 2023.",
            "pt": "Realizar a segunda reunião do grupo em 11 de dezembro de 2023.",
        },
        [],
    ),
]
DECISIONS = [texts["en"] for _kind, _position, texts, _actions in FIRST_DECISIONS]


def load_minutes(*, command, meeting: Meeting, approved_at: Meeting) -> Minutes:
    """Approved and published minutes of `meeting`; idempotent like every demo loader."""
    minutes = command.upsert(
        Minutes,
        {"meeting": meeting},
        {
            "status": Minutes.Status.PUBLISHED,
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
            "approved_at_meeting": approved_at,
            "published_at": datetime.datetime(2023, 12, 12, 15, tzinfo=datetime.UTC),
        },
    )
    _items_and_decisions(command, minutes, meeting, SUMMARIES, DECISIONS)
    _register(command, minutes, meeting)
    return minutes


def _register(command, minutes, meeting) -> None:
    """Kinds, agenda items, translations and follow-up actions of the first meeting's decisions."""
    unit = SecretariatUnit.objects.get(acronym="SSD")
    items = {item.position: item for item in meeting.agenda_items.all()}
    for number, (kind, position, texts, actions) in enumerate(FIRST_DECISIONS, start=1):
        decision = command.upsert(
            Decision,
            {"minutes": minutes, "number": number},
            {
                "kind": kind,
                "agenda_item": items.get(position),
                "text": texts["en"],
                "text_es": texts["es"],
                "text_fr": texts["fr"],
                "text_pt": texts["pt"],
            },
        )
        for what, due_on, status in actions:
            command.upsert(
                FollowUpAction,
                {"decision": decision, "what": what},
                {"secretariat_unit": unit, "due_on": due_on, "status": status},
            )


def load_second_minutes(*, command, meeting: Meeting, next_meeting: Meeting) -> Minutes:
    """Circulated minutes of the second meeting, to be approved at the next one."""
    first_symbol = default_symbol(Meeting.objects.get(group=meeting.group, number=1))
    minutes = command.upsert(
        Minutes,
        {"meeting": meeting},
        {
            "status": Minutes.Status.CIRCULATED,
            "symbol": default_symbol(meeting),
            "chair": "Secretariat for Strengthening Democracy (facilitating; coordinator to be chosen)",
            "opening": "",
            "next_steps": (
                "The secretariat circulates a revised draft of the work plan and opens a new round of comments. "
                "Consultations on the coordinator and the group's name continue."
            ),
            "next_meeting": next_meeting,
            "next_meeting_text": "",
            "corrections_until": datetime.date(2023, 12, 22),
            "circulated_at": datetime.datetime(2023, 12, 15, 15, tzinfo=datetime.UTC),
            "approved_at_meeting": None,
            "published_at": None,
        },
    )
    summaries = [
        "The agenda was adopted without changes.",
        f"The minutes of the first meeting ({first_symbol}), circulated on 28 November 2023, were approved "
        "without corrections.",
        "Delegations continued to discuss how to choose a coordinator or chair and what the group should be "
        "called. No decision was taken; consultations continue.",
        "Brazil and Canada had sent comments on the proposed work plan before the deadline of 8 December. "
        "Delegations discussed them and asked the secretariat for a revised draft.",
        "No other business was raised.",
    ]
    decisions = [
        f"To approve the minutes of the first meeting ({first_symbol}).",
        "To ask the secretariat to circulate a revised draft of the work plan reflecting the comments received, "
        "and to open a new round of comments that closes before the next meeting.",
        "To continue consultations on the choice of a coordinator or chair and on the group's name.",
    ]
    _items_and_decisions(command, minutes, meeting, summaries, decisions)
    return minutes


def _items_and_decisions(command, minutes, meeting, summaries, decisions) -> None:
    for position, (item, summary) in enumerate(
        zip(meeting.agenda_items.order_by("position"), summaries, strict=False), start=1
    ):
        command.upsert(
            MinutesItem,
            {"minutes": minutes, "position": position},
            {"agenda_item": item, "title": item.title, "summary": summary},
        )
    for number, text in enumerate(decisions, start=1):
        command.upsert(Decision, {"minutes": minutes, "number": number}, {"text": text})
