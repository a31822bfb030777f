"""The draft work plan in Spanish, French and Portuguese, heading by heading and paragraph by paragraph.

Keyed by the English original, so every version that keeps a paragraph keeps its translation, and a
revised paragraph has its own.
"""

from .models import ParagraphTranslation, SectionTranslation

HEADINGS = {
    "Purpose": {"es": "Propósito", "fr": "Objet", "pt": "Propósito"},
    "Organisation of the group": {
        "es": "Organización del grupo",
        "fr": "Organisation du groupe",
        "pt": "Organização do grupo",
    },
    "Substantive work": {"es": "Trabajo sustantivo", "fr": "Travaux de fond", "pt": "Trabalho substantivo"},
    "Meetings and reporting": {
        "es": "Reuniones e informes",
        "fr": "Réunions et rapports",
        "pt": "Reuniões e relatórios",
    },
}

PARAGRAPHS = {
    "This plan sets out what the Voluntary Group intends to do in its first months, in line with "
    "resolution AG/RES. 3004 (LIII-O/23) on strengthening democracy.": {
        "es": "Este plan expone lo que el Grupo Voluntario se propone hacer en sus primeros meses, conforme a la "
        "resolución AG/RES. 3004 (LIII-O/23) sobre el fortalecimiento de la democracia.",
        "fr": "Ce plan expose ce que le Groupe volontaire entend faire au cours de ses premiers mois, conformément "
        "à la résolution AG/RES. 3004 (LIII-O/23) sur le renforcement de la démocratie.",
        "pt": "Este plano expõe o que o Grupo Voluntário pretende fazer em seus primeiros meses, de acordo com a "
        "resolução AG/RES. 3004 (LIII-O/23) sobre o fortalecimento da democracia.",
    },
    "The group works through dialogue and horizontal cooperation among member states, and through the "
    "exchange of good practices, within the principles of the OAS Charter and the Inter-American "
    "Democratic Charter.": {
        "es": "El grupo trabaja mediante el diálogo y la cooperación horizontal entre los Estados miembros y el "
        "intercambio de buenas prácticas, dentro de los principios de la Carta de la OEA y de la Carta "
        "Democrática Interamericana.",
        "fr": "Le groupe travaille par le dialogue et la coopération horizontale entre États membres, et par "
        "l'échange de bonnes pratiques, dans le respect des principes de la Charte de l'OEA et de la Charte "
        "démocratique interaméricaine.",
        "pt": "O grupo trabalha por meio do diálogo e da cooperação horizontal entre os Estados membros e do "
        "intercâmbio de boas práticas, dentro dos princípios da Carta da OEA e da Carta Democrática "
        "Interamericana.",
    },
    "The group will first settle its procedural matters: choosing a coordinator or chair, adopting its "
    "name, and agreeing on its structure, rules and working methods.": {
        "es": "El grupo resolverá primero sus cuestiones de procedimiento: elegir una coordinación o presidencia, "
        "adoptar su nombre y acordar su estructura, sus reglas y sus métodos de trabajo.",
        "fr": "Le groupe réglera d'abord ses questions de procédure : choisir une coordination ou une présidence, "
        "adopter son nom et convenir de sa structure, de ses règles et de ses méthodes de travail.",
        "pt": "O grupo resolverá primeiro suas questões de procedimento: escolher uma coordenação ou presidência, "
        "adotar seu nome e acordar sua estrutura, suas regras e seus métodos de trabalho.",
    },
    "The group will first settle its procedural matters by consensus: choosing a coordinator or chair, "
    "adopting its name, and agreeing on its structure, rules and working methods.": {
        "es": "El grupo resolverá primero por consenso sus cuestiones de procedimiento: elegir una coordinación o "
        "presidencia, adoptar su nombre y acordar su estructura, sus reglas y sus métodos de trabajo.",
        "fr": "Le groupe réglera d'abord par consensus ses questions de procédure : choisir une coordination ou "
        "une présidence, adopter son nom et convenir de sa structure, de ses règles et de ses méthodes de travail.",
        "pt": "O grupo resolverá primeiro por consenso suas questões de procedimento: escolher uma coordenação ou "
        "presidência, adotar seu nome e acordar sua estrutura, suas regras e seus métodos de trabalho.",
    },
    "The Secretariat for Strengthening Democracy will support the group, keep its records and circulate "
    "documents to the delegations.": {
        "es": "La Secretaría para el Fortalecimiento de la Democracia apoyará al grupo, llevará sus registros y "
        "hará circular los documentos entre las delegaciones.",
        "fr": "Le Secrétariat au renforcement de la démocratie appuiera le groupe, tiendra ses archives et "
        "diffusera les documents aux délégations.",
        "pt": "A Secretaria para o Fortalecimento da Democracia apoiará o grupo, manterá seus registros e fará "
        "circular os documentos entre as delegações.",
    },
    "Any member state may join the group at any time by informing the secretariat.": {
        "es": "Cualquier Estado miembro puede unirse al grupo en cualquier momento informando a la secretaría.",
        "fr": "Tout État membre peut rejoindre le groupe à tout moment en en informant le secrétariat.",
        "pt": "Qualquer Estado membro pode aderir ao grupo a qualquer momento, informando a secretaria.",
    },
    "The group will hold thematic exchanges on how member states put the Inter-American Democratic "
    "Charter into practice, with presentations by delegations and by the secretariats of the OAS.": {
        "es": "El grupo celebrará intercambios temáticos sobre cómo los Estados miembros aplican la Carta "
        "Democrática Interamericana, con presentaciones de las delegaciones y de las secretarías de la OEA.",
        "fr": "Le groupe tiendra des échanges thématiques sur la manière dont les États membres mettent en œuvre "
        "la Charte démocratique interaméricaine, avec des présentations des délégations et des secrétariats de "
        "l'OEA.",
        "pt": "O grupo realizará intercâmbios temáticos sobre como os Estados membros aplicam a Carta Democrática "
        "Interamericana, com apresentações das delegações e das secretarias da OEA.",
    },
    "The group will hold thematic exchanges on how member states put the Inter-American Democratic "
    "Charter into practice, with presentations by delegations, by the secretariats of the OAS and, at "
    "one session at least, by invited experts from civil society.": {
        "es": "El grupo celebrará intercambios temáticos sobre cómo los Estados miembros aplican la Carta "
        "Democrática Interamericana, con presentaciones de las delegaciones, de las secretarías de la OEA y, en "
        "al menos una sesión, de personas expertas de la sociedad civil invitadas.",
        "fr": "Le groupe tiendra des échanges thématiques sur la manière dont les États membres mettent en œuvre "
        "la Charte démocratique interaméricaine, avec des présentations des délégations, des secrétariats de "
        "l'OEA et, lors d'une séance au moins, d'experts invités de la société civile.",
        "pt": "O grupo realizará intercâmbios temáticos sobre como os Estados membros aplicam a Carta Democrática "
        "Interamericana, com apresentações das delegações, das secretarias da OEA e, em pelo menos uma sessão, "
        "de especialistas convidados da sociedade civil.",
    },
    "Delegations will be invited to share good practices, which the secretariat will compile into a "
    "short collection for the group.": {
        "es": "Se invitará a las delegaciones a compartir buenas prácticas, que la secretaría reunirá en una breve "
        "recopilación para el grupo.",
        "fr": "Les délégations seront invitées à partager de bonnes pratiques, que le secrétariat rassemblera dans "
        "un court recueil à l'intention du groupe.",
        "pt": "As delegações serão convidadas a compartilhar boas práticas, que a secretaria reunirá em uma breve "
        "compilação para o grupo.",
    },
    "The group will look for opportunities for cooperation among member states and report on them.": {
        "es": "El grupo buscará oportunidades de cooperación entre los Estados miembros e informará sobre ellas.",
        "fr": "Le groupe recherchera des possibilités de coopération entre États membres et en rendra compte.",
        "pt": "O grupo buscará oportunidades de cooperação entre os Estados membros e informará sobre elas.",
    },
    "The group will seek a balance of women and men among the speakers it invites.": {
        "es": "El grupo procurará un equilibrio entre mujeres y hombres entre las personas que invite a exponer.",
        "fr": "Le groupe recherchera un équilibre entre femmes et hommes parmi les intervenants qu'il invite.",
        "pt": "O grupo buscará um equilíbrio entre mulheres e homens entre as pessoas que convidar a expor.",
    },
    "The group will meet about once a month, in person at OAS headquarters with the option of taking "
    "part online.": {
        "es": "El grupo se reunirá aproximadamente una vez al mes, de forma presencial en la sede de la OEA y con "
        "la opción de participar en línea.",
        "fr": "Le groupe se réunira environ une fois par mois, en personne au siège de l'OEA, avec la possibilité "
        "de participer en ligne.",
        "pt": "O grupo se reunirá aproximadamente uma vez por mês, presencialmente na sede da OEA, com a opção de "
        "participar on-line.",
    },
    "The chair will report on the group's work to the Permanent Council before the next regular session "
    "of the General Assembly.": {
        "es": "La presidencia informará al Consejo Permanente sobre el trabajo del grupo antes del próximo período "
        "ordinario de sesiones de la Asamblea General.",
        "fr": "La présidence rendra compte des travaux du groupe au Conseil permanent avant la prochaine session "
        "ordinaire de l'Assemblée générale.",
        "pt": "A presidência informará o Conselho Permanente sobre o trabalho do grupo antes do próximo período "
        "ordinário de sessões da Assembleia Geral.",
    },
}


def load_translations(*, command, plan, translator) -> None:
    """Every version of the plan in Spanish, French and Portuguese where the demo has the text."""
    for version in plan.versions.all():
        for section in version.sections.all():
            for language, heading in HEADINGS.get(section.heading, {}).items():
                command.upsert(
                    SectionTranslation,
                    {"section": section, "language": language},
                    {"heading": heading, "updated_by": translator},
                )
        for paragraph in version.paragraphs.all():
            for language, text in PARAGRAPHS.get(paragraph.text, {}).items():
                command.upsert(
                    ParagraphTranslation,
                    {"paragraph": paragraph, "language": language},
                    {"text": text, "updated_by": translator},
                )
