"""The first meeting in the four official languages: its title, notice, agenda, presentations and room.

The English texts live in demo.py; these are the secretariat's translations of them, written for
this demo. Only the Spanish, French and Portuguese columns are set here, so a re-run changes nothing.
"""

from .models import Meeting, Presentation, Room

FIRST_TITLE = {
    "en": "Installation of the group",
    "es": "Instalación del grupo",
    "fr": "Installation du groupe",
    "pt": "Instalação do grupo",
}

FIRST_NOTICE = {
    "es": "La Secretaría para el Fortalecimiento de la Democracia convoca la primera reunión del Grupo "
    "Voluntario de la Carta Democrática Interamericana.",
    "fr": "Le Secrétariat au renforcement de la démocratie convoque la première réunion du Groupe volontaire "
    "de la Charte démocratique interaméricaine.",
    "pt": "A Secretaria de Fortalecimento da Democracia convoca a primeira reunião do Grupo Voluntário da "
    "Carta Democrática Interamericana.",
}

SSD = {
    "es": "Secretaría para el Fortalecimiento de la Democracia",
    "fr": "Secrétariat au renforcement de la démocratie",
    "pt": "Secretaria de Fortalecimento da Democracia",
}

# One entry per item of demo.FIRST_AGENDA, in the same order; "" where the English is empty.
FIRST_AGENDA = [
    {
        "title": {
            "es": "Apertura y propósito del grupo",
            "fr": "Ouverture et raison d'être du groupe",
            "pt": "Abertura e propósito do grupo",
        },
        "description": {
            "es": "La Secretaría para el Fortalecimiento de la Democracia recuerda el mandato de la resolución "
            "AG/RES. 3004 (LIII-O/23) y la finalidad del grupo: el diálogo, la cooperación horizontal y el "
            "intercambio de buenas prácticas.",
            "fr": "Le Secrétariat au renforcement de la démocratie rappelle le mandat de la résolution "
            "AG/RES. 3004 (LIII-O/23) et la vocation du groupe : le dialogue, la coopération horizontale et "
            "l'échange de bonnes pratiques.",
            "pt": "A Secretaria de Fortalecimento da Democracia recorda o mandato da resolução "
            "AG/RES. 3004 (LIII-O/23) e a finalidade do grupo: o diálogo, a cooperação horizontal e o "
            "intercâmbio de boas práticas.",
        },
        "presenter": SSD,
        "outcome": {"es": "", "fr": "", "pt": ""},
    },
    {
        "title": {
            "es": "El trabajo de las secretarías en apoyo del mandato",
            "fr": "Le travail des secrétariats à l'appui du mandat",
            "pt": "O trabalho das secretarias em apoio ao mandato",
        },
        "description": {
            "es": "Presentaciones de la Secretaría de Asuntos Hemisféricos, la Secretaría de Acceso a Derechos y "
            "Equidad y la Secretaría Ejecutiva para el Desarrollo Integral.",
            "fr": "Exposés du Secrétariat aux affaires hémisphériques, du Secrétariat à l'accès aux droits et à "
            "l'équité et du Secrétariat exécutif au développement intégré.",
            "pt": "Apresentações da Secretaria de Assuntos Hemisféricos, da Secretaria de Acesso a Direitos e "
            "Equidade e da Secretaria Executiva de Desenvolvimento Integral.",
        },
        "presenter": {
            "es": "Secretarías de la OEA",
            "fr": "Secrétariats de l'OEA",
            "pt": "Secretarias da OEA",
        },
        "outcome": {
            "es": "Las delegaciones escucharon las tres presentaciones y formularon preguntas.",
            "fr": "Les délégations ont entendu les trois exposés et ont posé leurs questions.",
            "pt": "As delegações ouviram as três apresentações e fizeram perguntas.",
        },
    },
    {
        "title": {
            "es": "Cómo trabajará el grupo",
            "fr": "Comment le groupe travaillera",
            "pt": "Como o grupo vai trabalhar",
        },
        "description": {
            "es": "Funciones y responsabilidades, estructura, procedimientos y reglas con las que se reúne el grupo.",
            "fr": "Rôles et responsabilités, structure, procédures et règles selon lesquelles le groupe se réunit.",
            "pt": "Funções e responsabilidades, estrutura, procedimentos e regras segundo as quais o grupo se reúne.",
        },
        "presenter": {"es": "", "fr": "", "pt": ""},
        "outcome": {
            "es": "Las delegaciones acordaron tratar primero las cuestiones de procedimiento: elegir a quien "
            "coordine o presida, adoptar el nombre del grupo y definir su estructura, sus reglas y sus métodos "
            "de trabajo.",
            "fr": "Les délégations sont convenues de traiter d'abord les questions de procédure : choisir la "
            "coordination ou la présidence, adopter le nom du groupe et arrêter sa structure, ses règles et ses "
            "méthodes de travail.",
            "pt": "As delegações concordaram em tratar primeiro das questões de procedimento: escolher quem "
            "coordena ou preside, adotar o nome do grupo e definir sua estrutura, suas regras e seus métodos "
            "de trabalho.",
        },
    },
    {
        "title": {
            "es": "Propuesta de plan de trabajo para los próximos meses",
            "fr": "Proposition de plan de travail pour les prochains mois",
            "pt": "Proposta de plano de trabalho para os próximos meses",
        },
        "description": {
            "es": "Un proyecto de plan de trabajo presentado por la Misión Permanente de los Estados Unidos.",
            "fr": "Un projet de plan de travail présenté par la Mission permanente des États-Unis.",
            "pt": "Um projeto de plano de trabalho apresentado pela Missão Permanente dos Estados Unidos.",
        },
        "presenter": {
            "es": "Misión Permanente de los Estados Unidos",
            "fr": "Mission permanente des États-Unis",
            "pt": "Missão Permanente dos Estados Unidos",
        },
        "outcome": {
            "es": "Se invita a los Estados miembros a enviar sus comentarios sobre la propuesta antes de la "
            "próxima reunión.",
            "fr": "Les États membres sont invités à faire part de leurs observations sur la proposition avant la "
            "prochaine réunion.",
            "pt": "Os Estados membros são convidados a enviar seus comentários sobre a proposta antes da próxima "
            "reunião.",
        },
    },
    {
        "title": {
            "es": "Próximos pasos y próxima reunión",
            "fr": "Prochaines étapes et prochaine réunion",
            "pt": "Próximos passos e próxima reunião",
        },
        "description": {"es": "", "fr": "", "pt": ""},
        "presenter": {"es": "", "fr": "", "pt": ""},
        "outcome": {
            "es": "La segunda reunión se celebrará el 11 de diciembre de 2023.",
            "fr": "La deuxième réunion se tiendra le 11 décembre 2023.",
            "pt": "A segunda reunião será realizada em 11 de dezembro de 2023.",
        },
    },
]

# By position, as in demo.PRESENTATIONS.
PRESENTATION_TITLES = [
    {
        "es": "Los asuntos hemisféricos y la Carta Democrática",
        "fr": "Les affaires hémisphériques et la Charte démocratique",
        "pt": "Os assuntos hemisféricos e a Carta Democrática",
    },
    {
        "es": "Acceso a derechos, equidad y democracia",
        "fr": "Accès aux droits, équité et démocratie",
        "pt": "Acesso a direitos, equidade e democracia",
    },
    {
        "es": "El desarrollo integral en apoyo del mandato",
        "fr": "Le développement intégré à l'appui du mandat",
        "pt": "O desenvolvimento integral em apoio ao mandato",
    },
]

ROOM = {
    "name": {"es": "Salón Simón Bolívar", "fr": "Salle Simón Bolívar", "pt": "Salão Simón Bolívar"},
    "building": {"es": "Sede de la OEA", "fr": "Siège de l'OEA", "pt": "Sede da OEA"},
}


def _columns(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    return {
        f"{field}_{code}": text for field, by_language in texts.items() for code, text in by_language.items()
    }


def load(*, command, meeting: Meeting, items, room: Room) -> None:
    command.upsert(Room, {"pk": room.pk}, _columns(ROOM))
    command.upsert(
        Meeting,
        {"pk": meeting.pk},
        _columns({"title": {k: v for k, v in FIRST_TITLE.items() if k != "en"}, "notice_text": FIRST_NOTICE}),
    )
    for item, texts in zip(items, FIRST_AGENDA, strict=True):
        command.upsert(type(item), {"pk": item.pk}, _columns(texts))
    for position, titles in enumerate(PRESENTATION_TITLES, start=1):
        presentation = meeting.presentations.filter(position=position).first()
        if presentation is not None:
            command.upsert(Presentation, {"pk": presentation.pk}, _columns({"title": titles}))
