"""Load the OAS case: member states, secretariat units, the Voluntary Group and demo logins.

Idempotent: records are looked up by natural keys and saved only when something differs,
so a second run writes nothing (and adds no history rows). The present-day part (the open
comment round, the next meeting) is dated from the day it runs, so a run on a later day
moves it rather than leave it stale.
"""

import datetime
import importlib

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from groups.models import Membership, WorkingGroup
from members.demo.delegates import DEMO_DELEGATES, FOCAL_POINTS, SHOWN_LOGINS, demo_email
from members.demo.states import MEMBER_STATES, SECRETARIAT_UNITS, STATUS_CHANGES, SUPPORTING_STATES
from members.models import Delegate, MemberState, PermanentMission, SecretariatUnit, User
from members.permissions import DELEGATE, SECRETARIAT

DEMO_PASSWORD = "plenary-demo-2023"
# Modules with `load(command=..., group=..., states=..., units=...)` returning records written.
DEMO_EXTENSIONS = ["meetings.demo", "workplans.demo", "press.demo", "members.demo.translations"]
GROUP_SLUG = "voluntary-group-idc"
# Document symbols read GV-CDI/MIN.1/23, as an organisation's would (from the Spanish name).
GROUP_ACRONYM = "GV-CDI"
FIRST_MEETING = datetime.date(2023, 11, 21)


GROUP_TEXT = {
    "provisional_name": {
        "en": "Voluntary Group of the Inter-American Democratic Charter",
        "es": "Grupo Voluntario de la Carta Democrática Interamericana",
        "fr": "Groupe volontaire de la Charte démocratique interaméricaine",
        "pt": "Grupo Voluntário da Carta Democrática Interamericana",
    },
    "mandate_title": {
        "en": "Strengthening democracy",
        "es": "Fortalecimiento de la democracia",
        "fr": "Renforcement de la démocratie",
        "pt": "Fortalecimento da democracia",
    },
    "mandate_text": {
        "en": (
            "The General Assembly, in its resolution on strengthening democracy, called for a voluntary group "
            "of member states to work on the Inter-American Democratic Charter. Any member state may take part."
        ),
        "es": (
            "La Asamblea General, en su resolución sobre el fortalecimiento de la democracia, pidió la creación de "
            "un grupo voluntario de Estados Miembros para trabajar sobre la Carta Democrática Interamericana. "
            "Cualquier Estado Miembro puede participar."
        ),
        "fr": (
            "L'Assemblée générale, dans sa résolution sur le renforcement de la démocratie, a demandé qu'un groupe "
            "volontaire d'États membres travaille sur la Charte démocratique interaméricaine. Tout État membre "
            "peut y participer."
        ),
        "pt": (
            "A Assembleia Geral, em sua resolução sobre o fortalecimento da democracia, pediu a criação de um grupo "
            "voluntário de Estados membros para trabalhar sobre a Carta Democrática Interamericana. Qualquer "
            "Estado membro pode participar."
        ),
    },
    "aims": {
        "en": (
            "Foster dialogue and horizontal cooperation among member states, share good practices, and look for "
            "opportunities, within the principles of the OAS Charter and the Inter-American Democratic Charter, "
            "to strengthen democracy across the region."
        ),
        "es": (
            "Fomentar el diálogo y la cooperación horizontal entre los Estados Miembros, compartir buenas prácticas "
            "y buscar oportunidades, dentro de los principios de la Carta de la OEA y de la Carta Democrática "
            "Interamericana, para fortalecer la democracia en la región."
        ),
        "fr": (
            "Favoriser le dialogue et la coopération horizontale entre États membres, partager les bonnes "
            "pratiques et rechercher, dans le respect des principes de la Charte de l'OEA et de la Charte "
            "démocratique interaméricaine, des occasions de renforcer la démocratie dans la région."
        ),
        "pt": (
            "Promover o diálogo e a cooperação horizontal entre os Estados membros, compartilhar boas práticas e "
            "buscar oportunidades, dentro dos princípios da Carta da OEA e da Carta Democrática Interamericana, "
            "para fortalecer a democracia na região."
        ),
    },
}


def translated(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in values.items()}


class Command(BaseCommand):
    help = "Load the OAS demo case (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        self.changes = 0
        with transaction.atomic():
            states = self.load_states()
            units = self.load_units()
            group = self.load_group(states, units)
            self.load_users(states, units)
            self.load_extensions(group=group, states=states, units=units)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({self.changes} records written)."))
        self.print_logins()

    def upsert(self, model, lookup: dict, values: dict):
        """Create or update only when something differs, so re-runs write nothing."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model.objects.create(**lookup, **values)
            self.changes += 1
            return instance
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save(update_fields=changed)
            self.changes += 1
        return instance

    def load_states(self) -> dict[str, MemberState]:
        states = {}
        for iso2, iso3, en, es, fr, pt, since in MEMBER_STATES:
            status, status_since, note = STATUS_CHANGES.get(iso2, (MemberState.Status.ACTIVE, None, ""))
            states[iso2] = self.upsert(
                MemberState,
                {"iso2": iso2},
                {
                    "iso3": iso3,
                    "name": en,
                    "name_en": en,
                    "name_es": es,
                    "name_fr": fr,
                    "name_pt": pt,
                    "member_since": since,
                    "status": status,
                    "status_since": status_since,
                    "status_note": note,
                },
            )
        # Every state with a demo delegate has a mission for the delegate to belong to.
        for iso2, _name, _title in DEMO_DELEGATES:
            state = states[iso2]
            self.upsert(
                PermanentMission,
                {"member_state": state},
                {"name": f"Permanent Mission of {state.name_en} to the OAS"},
            )
        return states

    def load_units(self) -> dict[str, SecretariatUnit]:
        units = {}
        for acronym, names in SECRETARIAT_UNITS:
            units[acronym] = self.upsert(
                SecretariatUnit, {"acronym": acronym}, {"name": names["en"], **translated("name", names)}
            )
        return units

    def load_group(self, states, units) -> WorkingGroup:
        group = self.upsert(
            WorkingGroup,
            {"slug": GROUP_SLUG},
            {
                "provisional_name": GROUP_TEXT["provisional_name"]["en"],
                **translated("provisional_name", GROUP_TEXT["provisional_name"]),
                "acronym": GROUP_ACRONYM,
                "mandate_reference": "AG/RES. 3004 (LIII-O/23)",
                "mandate_title": GROUP_TEXT["mandate_title"]["en"],
                **translated("mandate_title", GROUP_TEXT["mandate_title"]),
                "mandate_text": GROUP_TEXT["mandate_text"]["en"],
                **translated("mandate_text", GROUP_TEXT["mandate_text"]),
                "aims": GROUP_TEXT["aims"]["en"],
                **translated("aims", GROUP_TEXT["aims"]),
                "established_on": datetime.date(2023, 6, 23),
                "open_to_participation": True,
                "status": WorkingGroup.Status.FORMING,
                "time_zone": "America/New_York",
                "convening_unit": units["SSD"],
            },
        )
        for iso2 in SUPPORTING_STATES:
            self.upsert(
                Membership,
                {"group": group, "member_state": states[iso2], "until": None},
                {"since": FIRST_MEETING},
            )
        return group

    def load_user(self, email, full_name, role, *, is_staff=False) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=full_name, is_staff=is_staff
            )
            # Hashed once per run: 28 logins share the demo password, and hashing each is slow.
            if not hasattr(self, "password_hash"):
                self.password_hash = make_password(DEMO_PASSWORD)
            user.password = self.password_hash
            user.save(update_fields=["password"])
            self.changes += 1
        if not user.groups.filter(name=role).exists():
            user.groups.add(Group.objects.get(name=role))
            self.changes += 1
        if not EmailAddress.objects.filter(user=user, email=email).exists():
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            self.changes += 1
        return user

    def load_users(self, states, units) -> None:
        staff = self.load_user("secretariat@plenary.test", "Sam Rivera", SECRETARIAT, is_staff=True)
        if not units["SSD"].staff.filter(pk=staff.pk).exists():
            units["SSD"].staff.add(staff)
            self.changes += 1
        for iso2, name, title in DEMO_DELEGATES:
            user = self.load_user(demo_email(iso2), name, DELEGATE)
            self.upsert(
                Delegate,
                {"user": user, "member_state": states[iso2], "end_date": None},
                {
                    "title": title,
                    "start_date": datetime.date(2023, 9, 1),
                    "is_focal_point": iso2 in FOCAL_POINTS,
                },
            )

    def load_extensions(self, *, group, states, units) -> None:
        """Each app adds its part of the case from its own `demo` module, in this order."""
        for module_name in DEMO_EXTENSIONS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            # Modules count their writes through self.upsert; read self.changes only after load() ran.
            written = module.load(command=self, group=group, states=states, units=units) or 0
            self.changes += written

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(
            "  secretariat@plenary.test   secretariat staff (asked to set up two-factor authentication)"
        )
        for iso2 in SHOWN_LOGINS:
            state = MemberState.objects.get(iso2=iso2)
            supporting = "supporting state" if iso2 in SUPPORTING_STATES else "not a supporting state"
            self.stdout.write(f"  {demo_email(iso2):<26} delegate of {state.name_en} ({supporting})")
        self.stdout.write(
            f"  delegate.<iso2>@plenary.test  a delegate for each of the {len(SUPPORTING_STATES)} supporting states"
            " (delegate.cl@plenary.test for Chile...)"
        )
        focal = ", ".join(demo_email(iso2) for iso2 in FOCAL_POINTS)
        self.stdout.write(f"  focal points of their missions (invite colleagues, register them): {focal}")
        self.stdout.write(f"Open http://127.0.0.1:8000/en/groups/{GROUP_SLUG}/")
