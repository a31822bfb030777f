"""Demo press releases for the Voluntary Group, written in the project's own words.

The first release restates the facts of the secretariat's release on the group's first
meeting (reference E-079/23), in the four official languages. The others give the newsroom, search and feeds something real
to show in other languages and years. Idempotent: looked up by reference, written only
when something differs.
"""

import datetime

from django.db import transaction

from meetings.models import Meeting
from members.enqueue import enqueue_after_commit
from members.subscriptions import PublicSubscriber
from members.unsubscribe import new_nonce

from . import cache, tasks
from .models import PressReferenceCounter, PressRelease, PressReleaseSet
from .text import format_reference, reference_slug, render_body

UTC = datetime.UTC
CONTACT = "Press office, Secretariat for Strengthening Democracy\npress@plenary.test"

FIRST_MEETING_EN = """\
The Secretariat for Strengthening Democracy coordinated the first meeting of the Voluntary Group \
of the Inter-American Democratic Charter. The General Assembly created the group in resolution \
AG/RES. 3004 (LIII-O/23), on strengthening democracy.

Twenty-six member states support the group, and any other member state may join. Its purpose is \
to encourage dialogue and horizontal cooperation among states, share good practices, and find \
ways, within the principles of the OAS Charter and the Inter-American Democratic Charter, to \
strengthen democracy across the region.

## The meeting

Representatives of 15 countries met in the Simón Bolívar room at the headquarters of the \
Organization. The Secretariat for Hemispheric Affairs, the Secretariat for Access to Rights and \
Equity and a representative of the Secretariat for Integral Development each presented their \
work in support of the resolution's mandate.

The members then discussed the group's roles and responsibilities, its structure, how it will \
work and the rules under which it will meet, as well as the next steps. A proposed work plan for \
the coming months was put to the member states for their consideration.

## What the states agreed

1. To settle the procedural questions that will let the group meet in an orderly way: choosing \
a coordinator or chair, adopting a name, and defining its structure, rules and working methods.
2. To consider the proposed work plan presented by the Permanent Mission of the United States, \
with member states sending their comments before the next meeting.
3. To hold the group's second meeting on 11 December.
"""

FIRST_MEETING_ES = """\
La Secretaría para el Fortalecimiento de la Democracia coordinó la primera reunión del Grupo \
Voluntario de la Carta Democrática Interamericana, creado por la Asamblea General en la \
resolución AG/RES. 3004 (LIII-O/23) sobre el fortalecimiento de la democracia.

Veintiséis Estados Miembros apoyan al grupo, que está abierto a la participación de los demás. \
Su propósito es fomentar el diálogo y la cooperación horizontal, compartir buenas prácticas y \
buscar, dentro de los principios de la Carta de la OEA y de la Carta Democrática Interamericana, \
formas de fortalecer la democracia en la región.

## La reunión

Representantes de 15 países se reunieron en la sala Simón Bolívar de la sede de la \
Organización. La Secretaría de Asuntos Hemisféricos, la Secretaría de Acceso a Derechos y \
Equidad y una representante de la Secretaría Ejecutiva para el Desarrollo Integral presentaron \
su trabajo en apoyo del mandato de la resolución.

Los miembros conversaron después sobre las funciones, la estructura, los procedimientos y las \
reglas del grupo, y sobre los próximos pasos. Se presentó a los Estados una propuesta de plan de \
trabajo para los próximos meses.

## Lo que acordaron los Estados

1. Resolver las cuestiones de procedimiento: elegir una coordinación o presidencia, adoptar un \
nombre y definir la estructura, las reglas y los métodos de trabajo.
2. Considerar la propuesta de plan de trabajo presentada por la Misión Permanente de los Estados \
Unidos y enviar comentarios antes de la próxima reunión.
3. Celebrar la segunda reunión del grupo el 11 de diciembre.
"""

SECOND_MEETING_EN = """\
The Voluntary Group of the Inter-American Democratic Charter held its second meeting, as agreed \
at its first. Member states approved the minutes of the first meeting, exchanged views on the \
comments sent on the proposed work plan and continued the discussion of the group's structure \
and working methods.

## Next steps

- The secretariat will circulate a revised work plan that reflects the comments received.
- Delegations will continue consultations on the selection of a coordinator.
"""

# February 2024: what the second meeting asked of the secretariat (the revised draft itself
# comes later, in the present-day part of the demo).
OPTIONS_FR = """\
Comme convenu lors de la deuxième réunion du Groupe volontaire de la Charte démocratique \
interaméricaine, le secrétariat a fait circuler aux délégations des options sur la structure du \
groupe et sur ses méthodes de travail.

## Prochaines étapes

- Les délégations poursuivent leurs consultations sur le choix d'une coordination ou d'une \
présidence et sur le nom du groupe.
- Un projet révisé du plan de travail sera soumis aux commentaires des États membres avant la \
prochaine réunion.
"""

OPTIONS_PT = """\
Conforme acordado na segunda reunião do Grupo Voluntário da Carta Democrática Interamericana, a \
secretaria fez circular entre as delegações opções sobre a estrutura do grupo e seus métodos de \
trabalho.

## Próximos passos

- As delegações continuam as consultas sobre a escolha de uma coordenação ou presidência e sobre o \
nome do grupo.
- Um projeto revisado do plano de trabalho será submetido aos comentários dos Estados membros antes \
da próxima reunião.
"""

FIRST_MEETING_FR = """\
Le Secrétariat au renforcement de la démocratie a coordonné la première réunion du Groupe \
volontaire de la Charte démocratique interaméricaine, que l'Assemblée générale a créé par la \
résolution AG/RES. 3004 (LIII-O/23) sur le renforcement de la démocratie.

Vingt-six États membres soutiennent le groupe, auquel tout autre État membre peut se joindre. Il a \
pour objet d'encourager le dialogue et la coopération horizontale entre les États, de partager les \
bonnes pratiques et de chercher, dans le respect des principes de la Charte de l'OEA et de la \
Charte démocratique interaméricaine, les moyens de renforcer la démocratie dans la région.

## La réunion

Les représentants de 15 pays se sont réunis dans la salle Simón Bolívar, au siège de \
l'Organisation. Le Secrétariat aux affaires hémisphériques, le Secrétariat à l'accès aux droits et \
à l'équité et une représentante du Secrétariat exécutif au développement intégré ont chacun \
présenté leur travail à l'appui du mandat de la résolution.

Les membres ont ensuite débattu des rôles et responsabilités du groupe, de sa structure, de sa \
manière de travailler et des règles de ses réunions, ainsi que des prochaines étapes. Une \
proposition de plan de travail pour les mois à venir a été soumise aux États membres.

## Ce que les États sont convenus de faire

1. Régler les questions de procédure qui permettront au groupe de se réunir en bon ordre : \
choisir une coordination ou une présidence, adopter un nom et définir sa structure, ses règles et \
ses méthodes de travail.
2. Examiner la proposition de plan de travail présentée par la Mission permanente des États-Unis, \
les États membres faisant part de leurs observations avant la prochaine réunion.
3. Tenir la deuxième réunion du groupe le 11 décembre.
"""

FIRST_MEETING_PT = """\
A Secretaria de Fortalecimento da Democracia coordenou a primeira reunião do Grupo Voluntário da \
Carta Democrática Interamericana, criado pela Assembleia Geral na resolução AG/RES. 3004 \
(LIII-O/23), sobre o fortalecimento da democracia.

Vinte e seis Estados membros apoiam o grupo, e qualquer outro Estado membro pode aderir. Seu \
propósito é estimular o diálogo e a cooperação horizontal entre os Estados, compartilhar boas \
práticas e buscar, dentro dos princípios da Carta da OEA e da Carta Democrática Interamericana, \
maneiras de fortalecer a democracia na região.

## A reunião

Representantes de 15 países se reuniram na sala Simón Bolívar, na sede da Organização. A \
Secretaria de Assuntos Hemisféricos, a Secretaria de Acesso a Direitos e Equidade e uma \
representante da Secretaria Executiva de Desenvolvimento Integral apresentaram, cada uma, seu \
trabalho em apoio ao mandato da resolução.

Em seguida, os membros discutiram as funções e responsabilidades do grupo, sua estrutura, sua \
forma de trabalhar e as regras de suas reuniões, bem como os próximos passos. Uma proposta de \
plano de trabalho para os próximos meses foi submetida aos Estados membros.

## O que os Estados acordaram

1. Resolver as questões de procedimento que permitirão ao grupo reunir-se de forma ordenada: \
escolher uma coordenação ou presidência, adotar um nome e definir sua estrutura, suas regras e \
seus métodos de trabalho.
2. Examinar a proposta de plano de trabalho apresentada pela Missão Permanente dos Estados Unidos, \
com o envio de comentários dos Estados membros antes da próxima reunião.
3. Realizar a segunda reunião do grupo em 11 de dezembro.
"""

RELEASES = [
    {
        "set": datetime.datetime(2023, 11, 21, 14, 0, tzinfo=UTC),
        "meeting": 1,
        "versions": [
            {
                "reference": "E-079/23",
                "language": "en",
                "published_at": datetime.datetime(2023, 11, 21, 22, 0, tzinfo=UTC),
                "title": "Voluntary Group of the Inter-American Democratic Charter holds its first meeting",
                "summary": (
                    "Representatives of 15 countries discussed how the new group will work and received "
                    "a proposed work plan; the second meeting is set for 11 December."
                ),
                "body": FIRST_MEETING_EN,
            },
            {
                "reference": "S-079/23",
                "language": "es",
                "published_at": datetime.datetime(2023, 11, 21, 23, 0, tzinfo=UTC),
                "title": "El Grupo Voluntario de la Carta Democrática Interamericana celebra su primera reunión",
                "summary": (
                    "Representantes de 15 países conversaron sobre el funcionamiento del nuevo grupo y "
                    "recibieron una propuesta de plan de trabajo; la segunda reunión será el 11 de diciembre."
                ),
                "body": FIRST_MEETING_ES,
            },
            {
                "reference": "F-079/23",
                "language": "fr",
                "published_at": datetime.datetime(2023, 11, 22, 15, 0, tzinfo=UTC),
                "title": "Le Groupe volontaire de la Charte démocratique interaméricaine tient sa première réunion",
                "summary": (
                    "Les représentants de 15 pays ont débattu du fonctionnement du nouveau groupe et reçu une "
                    "proposition de plan de travail ; la deuxième réunion est fixée au 11 décembre."
                ),
                "body": FIRST_MEETING_FR,
            },
            {
                "reference": "P-079/23",
                "language": "pt",
                "published_at": datetime.datetime(2023, 11, 22, 16, 0, tzinfo=UTC),
                "title": "O Grupo Voluntário da Carta Democrática Interamericana realiza sua primeira reunião",
                "summary": (
                    "Representantes de 15 países discutiram o funcionamento do novo grupo e receberam uma "
                    "proposta de plano de trabalho; a segunda reunião está marcada para 11 de dezembro."
                ),
                "body": FIRST_MEETING_PT,
            },
        ],
    },
    {
        "set": datetime.datetime(2023, 12, 11, 14, 0, tzinfo=UTC),
        "meeting": 2,
        "versions": [
            {
                "reference": "E-085/23",
                "language": "en",
                "published_at": datetime.datetime(2023, 12, 11, 22, 0, tzinfo=UTC),
                "title": "Voluntary Group discusses comments on its proposed work plan",
                "summary": "At its second meeting the group reviewed member states' comments on the work plan.",
                "body": SECOND_MEETING_EN,
            },
        ],
    },
    {
        "set": datetime.datetime(2024, 2, 20, 14, 0, tzinfo=UTC),
        "versions": [
            {
                "reference": "F-012/24",
                "language": "fr",
                "published_at": datetime.datetime(2024, 2, 20, 21, 0, tzinfo=UTC),
                "title": "Le Groupe volontaire reçoit des options sur sa structure et ses méthodes de travail",
                "summary": (
                    "Le secrétariat a fait circuler des options sur l'organisation du groupe ; les consultations "
                    "sur la coordination et le nom se poursuivent."
                ),
                "body": OPTIONS_FR,
            },
            {
                "reference": "P-012/24",
                "language": "pt",
                "published_at": datetime.datetime(2024, 2, 20, 21, 30, tzinfo=UTC),
                "title": "O Grupo Voluntário recebe opções sobre sua estrutura e seus métodos de trabalho",
                "summary": (
                    "A secretaria fez circular opções sobre a organização do grupo; as consultas sobre a "
                    "coordenação e o nome continuam."
                ),
                "body": OPTIONS_PT,
            },
        ],
    },
]


def load(*, command, group, states, units) -> int:
    transaction.on_commit(cache.bump_version)
    meetings = {m.number: m for m in Meeting.objects.filter(group=group, number__in=[1, 2])}
    for release in RELEASES:
        release_set = command.upsert(
            PressReleaseSet,
            {"group": group, "created_at": release["set"]},
            {"meeting": meetings.get(release.get("meeting"))},
        )
        for version in release["versions"]:
            published_at = version["published_at"]
            saved = command.upsert(
                PressRelease,
                {"reference": version["reference"]},
                {
                    "release_set": release_set,
                    "language": version["language"],
                    "status": PressRelease.Status.PUBLISHED,
                    "title": version["title"],
                    "place": "Washington, D.C.",
                    "summary": version["summary"],
                    "body": version["body"],
                    "body_html": render_body(version["body"]),
                    "contact": CONTACT,
                    "published_at": published_at,
                    "changed_at": published_at,
                    "slug": reference_slug(version["reference"]),
                },
            )
            _continue_numbering_after(command, saved)
            if not saved.pdf or (saved.pdf_made_at and saved.pdf_made_at < saved.changed_at):
                enqueue_after_commit(tasks.make_press_release_pdf, saved.pk)
    _load_public_subscribers(command, group)
    return 0


# Visitors who subscribed to the group's releases by email and confirmed (example.org: never
# delivered), so the sent-mail page and the next published release have public readers.
PUBLIC_SUBSCRIBERS = [
    ("newsdesk@example.org", "en", datetime.datetime(2023, 11, 22, 14, 0, tzinfo=UTC)),
    ("redaccion@example.org", "es", datetime.datetime(2023, 12, 12, 16, 30, tzinfo=UTC)),
]


def _load_public_subscribers(command, group) -> None:
    for email, language, confirmed_at in PUBLIC_SUBSCRIBERS:
        subscriber = command.upsert(
            PublicSubscriber,
            {"email": email, "group_id": group.pk},
            {
                "language": language,
                "requested_at": confirmed_at - datetime.timedelta(minutes=10),
                "confirmed_at": confirmed_at,
                "unsubscribed_at": None,
            },
        )
        if not subscriber.nonce:  # just created: its links need a key, kept on later runs
            subscriber.nonce = new_nonce()
            subscriber.save(update_fields=["nonce"])


def _continue_numbering_after(command, release: PressRelease) -> None:
    """Releases published from Plenary continue the organisation's numbering after the demo's."""
    number = int(release.reference.split("-")[1].split("/")[0])
    year = release.published_at.year
    counter = PressReferenceCounter.objects.filter(year=year, language=release.language).first()
    if counter is None or counter.last_number < number:
        command.upsert(
            PressReferenceCounter, {"year": year, "language": release.language}, {"last_number": number}
        )


def bulk_release_body() -> str:
    """The body shared by the many releases of the large data set and the benchmark's newsroom."""
    return render_body(
        "The group met to discuss its work plan.\n\n## Agreed\n\n- a coordinator\n- a second meeting\n\n"
        + "Delegations exchanged views on procedure and next steps. " * 20
    )


def bulk_release(*, release_set, language, number, year, published_at, body, created_by=None) -> PressRelease:
    """One published, unsaved release of a numbered meeting, for bulk_create in load_large and the benchmark."""
    reference = format_reference(language=language, number=number, year=year)
    return PressRelease(
        release_set=release_set,
        language=language,
        status=PressRelease.Status.PUBLISHED,
        title=f"Working group meeting number {number} agrees next steps",
        place="Washington, D.C.",
        summary="Delegations agreed the group's next steps and a date for the next meeting.",
        body=body,
        body_html=body,
        reference=reference,
        slug=reference_slug(reference),
        published_at=published_at,
        changed_at=published_at,
        created_by=created_by,
    )
