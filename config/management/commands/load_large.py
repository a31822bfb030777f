"""A large, repeatable data set for performance work: `manage.py load_large [--seed N] [--scale F]`.

35 states × 5 delegates, 50 groups, 2,000 meetings with agendas and attendance, 20,000 papers,
100,000 comments and 5,000 press releases in four languages (at --scale 1). Everything is written
with bulk_create in one transaction, so it takes a minute or two on PostgreSQL; the same seed gives
the same data (the random choices and the UUIDs come from it). Its records are named "large-…"
(groups, states Y*/Z*, users @large.example); a second run refuses rather than add a second copy.
Papers are listed with a file name but have no file on disk: the pages list them, nobody downloads;
each file has the words the worker would have read from it (DocumentText, about 3 KB), for search.
"""

import datetime
import random
import time
import uuid

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groups.models import Membership, WorkingGroup
from meetings.models import AgendaItem, Attendance, Document, DocumentFile, DocumentText, Meeting, Room
from members.models import Delegate, MemberState, User
from members.permissions import DELEGATE, SECRETARIAT
from press.demo import bulk_release, bulk_release_body
from press.models import PressRelease, PressReleaseSet
from workplans.models import Comment, CommentRound, WorkPlan
from workplans.services import plans as plan_services
from workplans.text import render_markdown_subset

PREFIX = "large-"
LANGUAGES = ("en", "es", "fr", "pt")
PARAGRAPHS = 40  # per work plan
BATCH = 2000
TEXT = (
    "Delegations exchanged views on how the Inter-American Democratic Charter is applied in practice, "
    "and described their national experience with electoral observation and dialogue between branches "
    "of government. The secretariat offered to gather the practices described in a short compilation."
)


# The words the worker would read from each paper file: sentences in the file's language, drawn
# at random so that papers differ; about 3 KB each, as a short working paper.
SENTENCES = {
    "en": [
        "The Inter-American Democratic Charter affirms that the peoples of the Americas have a right to democracy.",
        "Electoral observation missions reported on the conduct of the elections and made recommendations.",
        "The delegation described its national experience with dialogue between the branches of government.",
        "Member states exchanged views on the separation of powers and the independence of the judiciary.",
        "The working group reviewed the follow-up to its previous recommendations on transparency.",
        "Civil society organisations contributed written observations on freedom of expression.",
        "The secretariat presented a compilation of good practices in public administration.",
        "Several delegations stressed the role of political parties in a representative democracy.",
    ],
    "es": [
        "La Carta Democrática Interamericana afirma que los pueblos de América tienen derecho a la democracia.",
        "Las misiones de observación electoral informaron sobre la conducción de las elecciones.",
        "La delegación describió su experiencia nacional con el diálogo entre los poderes del Estado.",
        "Los Estados miembros intercambiaron opiniones sobre la separación de poderes y la independencia judicial.",
        "El grupo de trabajo examinó el seguimiento de sus recomendaciones anteriores sobre transparencia.",
        "Las organizaciones de la sociedad civil aportaron observaciones escritas sobre la libertad de expresión.",
        "La secretaría presentó una compilación de buenas prácticas en la administración pública.",
        "Varias delegaciones destacaron el papel de los partidos políticos en una democracia representativa.",
    ],
    "fr": [
        "La Charte démocratique interaméricaine affirme que les peuples des Amériques ont droit à la démocratie.",
        "Les missions d'observation électorale ont rendu compte du déroulement des élections.",
        "La délégation a décrit son expérience nationale du dialogue entre les pouvoirs publics.",
        "Les États membres ont échangé leurs vues sur la séparation des pouvoirs et l'indépendance de la justice.",
        "Le groupe de travail a examiné la suite donnée à ses recommandations sur la transparence.",
        "Des organisations de la société civile ont présenté des observations écrites sur la liberté d'expression.",
        "Le secrétariat a présenté une compilation de bonnes pratiques de l'administration publique.",
        "Plusieurs délégations ont souligné le rôle des partis politiques dans une démocratie représentative.",
    ],
    "pt": [
        "A Carta Democrática Interamericana afirma que os povos das Américas têm direito à democracia.",
        "As missões de observação eleitoral informaram sobre a condução das eleições.",
        "A delegação descreveu sua experiência nacional com o diálogo entre os poderes do Estado.",
        "Os Estados membros trocaram opiniões sobre a separação de poderes e a independência do Judiciário.",
        "O grupo de trabalho examinou o seguimento de suas recomendações anteriores sobre transparência.",
        "Organizações da sociedade civil apresentaram observações escritas sobre a liberdade de expressão.",
        "A secretaria apresentou uma compilação de boas práticas na administração pública.",
        "Várias delegações destacaram o papel dos partidos políticos em uma democracia representativa.",
    ],
}
PAPER_SENTENCES = 30


def _codes(count: int) -> list[str]:
    # Z? and Y? are no member state's ISO code, so the large set never meets the demo's states.
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [f"{first}{second}" for first in "ZY" for second in letters][:count]


class Command(BaseCommand):
    help = "Load a large seeded data set (50 groups, 2,000 meetings, 100,000 comments...) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of the full size (tests use 0.01)"
        )

    def handle(self, *args, seed, scale, **options):
        if WorkingGroup.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("The large data set is already loaded (groups named large-…).")
        self.rng = random.Random(seed)
        self.scale = scale
        started = time.perf_counter()
        with transaction.atomic():
            counts = self.load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Loaded {summary} in {time.perf_counter() - started:.1f} s (seed {seed}).")

    def n(self, full: int, least: int = 1) -> int:
        return max(least, round(full * self.scale))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def load(self) -> dict:
        states = self.states()
        delegates, staff = self.people(states)
        groups = self.groups(states)
        meetings = self.meetings(groups)
        items = self.agendas(meetings)
        attendance = self.attendance(meetings, states)
        papers = self.papers(meetings, items)
        comments = self.comments(groups, states, delegates, staff)
        releases = self.releases(groups, staff)
        return {
            "states": len(states),
            "delegates": len(delegates),
            "groups": len(groups),
            "meetings": len(meetings),
            "agenda items": len(items),
            "attendance records": attendance,
            "papers": papers,
            "comments": comments,
            "press releases": releases,
        }

    def states(self) -> list[MemberState]:
        states = [
            MemberState(iso2=code, iso3=f"{code}L", name=f"Large state {code}", name_en=f"Large state {code}")
            for code in _codes(35)
        ]
        return MemberState.objects.bulk_create(states)

    def people(self, states) -> tuple[list[User], User]:
        password = make_password("large-data-set-1")  # hashed once: hashing 176 times takes a minute
        users = [
            User(
                email=f"delegate{n}@{state.iso2.lower()}.large.example",
                full_name=f"Delegate {n} of {state.name}",
                preferred_language=LANGUAGES[n % 4],
                password=password,
            )
            for state in states
            for n in range(5)
        ]
        staff = User(email="staff@large.example", full_name="Large staff", password=password)
        users = User.objects.bulk_create([*users, staff])
        staff = users.pop()
        role, secretariat = Group.objects.get(name=DELEGATE), Group.objects.get(name=SECRETARIAT)
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=user.pk, group_id=role.pk) for user in users]
            + [through(user_id=staff.pk, group_id=secretariat.pk)]
        )
        Delegate.objects.bulk_create(
            Delegate(user=user, member_state=states[index // 5], start_date=datetime.date(2023, 1, 1))
            for index, user in enumerate(users)
        )
        return users, staff

    def groups(self, states) -> list[WorkingGroup]:
        groups = WorkingGroup.objects.bulk_create(
            WorkingGroup(
                slug=f"{PREFIX}group-{n + 1}",
                provisional_name=f"Large working group {n + 1}",
                provisional_name_en=f"Large working group {n + 1}",
                acronym=f"LG{n + 1}",
                mandate_reference="AG/RES. 3004 (LIII-O/23)",
                established_on=datetime.date(2023, 6, 23),
            )
            for n in range(self.n(50, 2))
        )
        Membership.objects.bulk_create(
            (
                Membership(group=group, member_state=state, since=datetime.date(2023, 1, 1))
                for group in groups
                for state in states
                if self.rng.random() < 0.8
            ),
            batch_size=BATCH,
        )
        return groups

    def meetings(self, groups) -> list[Meeting]:
        room, _ = Room.objects.get_or_create(name="Large room", building="Main Building")
        per_group = max(1, self.n(2000) // len(groups))
        now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
        meetings = []
        for group in groups:
            for number in range(1, per_group + 1):
                # Most held in the past two years, the last few ahead.
                starts = now + datetime.timedelta(
                    days=7 * (number - per_group + 3), hours=self.rng.randint(0, 6)
                )
                held = starts < now
                meetings.append(
                    Meeting(
                        group=group,
                        number=number,
                        title=f"Meeting {number} of {group.provisional_name}",
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=3),
                        time_zone="America/New_York",
                        room=room,
                        status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED,
                        is_public=self.rng.random() < 0.7,
                        uid=self.uuid(),
                    )
                )
        return Meeting.objects.bulk_create(meetings, batch_size=BATCH)

    def agendas(self, meetings) -> list[AgendaItem]:
        return AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"Agenda item {position}: exchange of experiences",
                    outcome=TEXT if meeting.status == Meeting.Status.HELD else "",
                )
                for meeting in meetings
                for position in range(1, 6)
            ),
            batch_size=BATCH,
        )

    def attendance(self, meetings, states) -> int:
        statuses = list(Attendance.Status)
        rows = [
            Attendance(
                meeting=meeting,
                member_state=state,
                status=self.rng.choice(statuses),
                delegation_members="Ambassador A. Example, Counsellor B. Example",
            )
            for meeting in meetings
            if meeting.status == Meeting.Status.HELD
            for state in states
        ]
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def papers(self, meetings, items) -> int:
        per_meeting = max(1, self.n(20000) // len(meetings))
        by_meeting: dict[int, list[AgendaItem]] = {}
        for item in items:
            by_meeting.setdefault(item.meeting_id, []).append(item)
        rows, number = [], 0
        for meeting in meetings:
            for n in range(per_meeting):
                number += 1
                rows.append(
                    Document(
                        meeting=meeting,
                        agenda_item=by_meeting[meeting.pk][n % 5] if n % 3 else None,
                        symbol=f"{meeting.group.acronym}/doc.{number}",
                        number=number,
                        title=f"Paper {number}: national experience",
                        language=LANGUAGES[n % 4],
                        is_public=self.rng.random() < 0.6,
                    )
                )
        Document.objects.bulk_create(rows, batch_size=BATCH)
        # Each paper in its original language; every fourth also in Spanish, as real papers are.
        files = []
        for document in rows:
            for language in [
                document.language,
                *(["es"] if document.number % 4 == 0 and document.language != "es" else []),
            ]:
                files.append(
                    DocumentFile(
                        document=document,
                        language=language,
                        file=f"large/paper-{document.number}-{language}.pdf",
                        original_name=f"paper-{document.number}.pdf",
                        content_type="application/pdf",
                        size=self.rng.randint(20_000, 2_000_000),
                    )
                )
        DocumentFile.objects.bulk_create(files, batch_size=BATCH)
        # What the worker would have read from each file (meetings.extract_text), for search.
        DocumentText.objects.bulk_create(
            [
                DocumentText(
                    document_file=paper_file,
                    file_name=paper_file.file.name,
                    text=f"{paper_file.document.symbol}\n"
                    + " ".join(self.rng.choices(SENTENCES[paper_file.language], k=PAPER_SENTENCES)),
                    outcome=DocumentText.Outcome.READ,
                )
                for paper_file in files
            ],
            batch_size=BATCH,
        )
        return len(rows)

    def comments(self, groups, states, delegates, staff) -> int:
        body = "We **support** this paragraph and suggest the group also considers regional practices."
        body_html = render_markdown_subset(body)
        kinds = [
            Comment.Kind.COMMENT,
            Comment.Kind.AMENDMENT,
            Comment.Kind.QUESTION,
            Comment.Kind.NEW_PARAGRAPH,
        ]
        per_group = max(1, self.n(100_000) // len(groups))
        markdown = "\n\n".join(
            f"# Section {s + 1}\n\n"
            + "\n\n".join(
                f"Paragraph {s * 8 + p + 1}: the group will work on this objective and report on progress."
                for p in range(8)
            )
            for s in range(PARAGRAPHS // 8)
        )
        now = datetime.datetime.now(datetime.UTC)
        total = 0
        for group in groups:
            plan = plan_services.create_plan(
                group=group,
                title=f"Work plan of {group.provisional_name}",
                period_start=datetime.date(2024, 1, 1),
                period_end=datetime.date(2025, 12, 31),
                proposed_by=WorkPlan.Proposer.SECRETARIAT,
                proposer_state=None,
                author=staff,
                markdown=markdown,
            )
            version = plan.versions.get()
            paragraphs = list(version.paragraphs.order_by("number"))
            # Created directly, not by open_round: a closed round sends no notices.
            comment_round = CommentRound.objects.create(
                version=version,
                opens_at=now - datetime.timedelta(days=30),
                closes_at=now - datetime.timedelta(days=2),
                created_by=staff,
                comments_visible_while_open=True,
            )
            rows = []
            for n in range(per_group):
                kind = kinds[n % 4]
                paragraph = paragraphs[n % len(paragraphs)]
                index = self.rng.randrange(len(delegates))
                rows.append(
                    Comment(
                        round=comment_round,
                        member_state=states[index // 5],
                        author=delegates[index],
                        paragraph=paragraph,
                        section=paragraph.section,
                        kind=kind,
                        body=body,
                        body_html=body_html,
                        proposed_text="The group will work on this objective with open and regular dialogue."
                        if kind in (Comment.Kind.AMENDMENT, Comment.Kind.NEW_PARAGRAPH)
                        else "",
                        idempotency_key=self.uuid(),
                    )
                )
            Comment.objects.bulk_create(rows, batch_size=BATCH)
            total += len(rows)
        return total

    def releases(self, groups, staff) -> int:
        body = bulk_release_body()
        sets = PressReleaseSet.objects.bulk_create(
            (PressReleaseSet(group=groups[n % len(groups)]) for n in range(self.n(5000) // 4)),
            batch_size=BATCH,
        )
        start = datetime.datetime(2021, 1, 4, 15, tzinfo=datetime.UTC)
        rows = [
            # Numbers restart every 900 releases in a new year, so each reference stays unique.
            bulk_release(
                release_set=release_set,
                language=language,
                number=n % 900 + 1,
                year=2030 + n // 900,
                published_at=start + datetime.timedelta(hours=12 * n),
                body=body,
                created_by=staff,
            )
            for n, release_set in enumerate(sets)
            for language in LANGUAGES
        ]
        PressRelease.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)
