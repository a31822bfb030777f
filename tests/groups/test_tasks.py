import pytest

from groups import services, tasks
from groups.models import JoinRequest
from tests.factories import DelegateFactory, JoinRequestFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chile_request(group, secretariat):
    """Chile's delegation (four people, four languages) asks to join the group."""
    chile = MemberStateFactory(
        iso2="CL",
        iso3="CHL",
        name="Chile",
        name_en="Chile",
        name_es="Chile",
        name_fr="Chili",
        name_pt="Chile",
    )
    people = {
        language: DelegateFactory(
            user=UserFactory(email=f"{language}@cl-mission.example", preferred_language=language),
            member_state=chile,
        ).user
        for language in ("es", "fr", "pt", "en")
    }
    join_request = JoinRequestFactory(group=group, member_state=chile, requested_by=people["es"])
    return join_request, people


def mail_for(mailoutbox, email):
    (message,) = [m for m in mailoutbox if m.to == [email]]
    return message


def test_approval_is_emailed_to_the_delegation_each_in_their_own_language(
    chile_request, secretariat, mailoutbox
):
    join_request, people = chile_request
    services.approve_join_request(join_request=join_request, decided_by=secretariat, reason="Bienvenidos")

    assert tasks.notify_join_request_decision.apply(args=[join_request.pk]).get() == 4

    group = "Voluntary Group of the Inter-American Democratic Charter"
    spanish = mail_for(mailoutbox, "es@cl-mission.example")
    assert spanish.subject == f"Chile apoya ahora al {group}"
    assert "La secretaría aprobó la solicitud" in spanish.body
    assert "Bienvenidos" in spanish.body
    french = mail_for(mailoutbox, "fr@cl-mission.example")
    assert french.subject == f"Chili soutient désormais le {group}"  # state name in French too
    portuguese = mail_for(mailoutbox, "pt@cl-mission.example")
    assert portuguese.subject == f"Chile agora apoia o {group}"
    english = mail_for(mailoutbox, "en@cl-mission.example")
    assert english.subject == f"Chile now supports {group}"
    assert "http://testserver/en/groups/voluntary-group/" in english.body


def test_decline_is_emailed_with_the_reason(chile_request, secretariat, mailoutbox):
    join_request, _people = chile_request
    services.decline_join_request(
        join_request=join_request, decided_by=secretariat, reason="Le groupe est complet."
    )
    tasks.notify_join_request_decision.apply(args=[join_request.pk])
    french = mail_for(mailoutbox, "fr@cl-mission.example")
    assert french.subject.startswith("Votre demande de participation")
    assert "Le groupe est complet." in french.body


def test_decision_email_is_not_sent_for_a_pending_or_unknown_request(chile_request, mailoutbox):
    join_request, _people = chile_request
    assert tasks.notify_join_request_decision.apply(args=[join_request.pk]).get() == 0
    assert tasks.notify_join_request_decision.apply(args=[999_999]).get() == 0
    assert mailoutbox == []


def test_former_delegates_are_not_emailed(chile_request, secretariat, mailoutbox):
    join_request, people = chile_request
    former = people["pt"].delegations.get()
    former.end_date = former.start_date
    former.save()
    services.approve_join_request(join_request=join_request, decided_by=secretariat)
    tasks.notify_join_request_decision.apply(args=[join_request.pk])
    assert "pt@cl-mission.example" not in [m.to[0] for m in mailoutbox]


def test_secretariat_is_told_of_a_new_request_in_their_language(chile_request, secretariat, mailoutbox):
    join_request, _people = chile_request
    secretariat.preferred_language = "es"
    secretariat.save()
    assert tasks.notify_secretariat_of_join_request.apply(args=[join_request.pk]).get() == 1
    assert mailoutbox[0].to == [secretariat.email]
    assert mailoutbox[0].subject.startswith("Chile solicita unirse al")
    assert "http://testserver/es/join-requests/" in mailoutbox[0].body  # the link in her language too


def test_secretariat_is_not_told_of_a_request_already_decided(chile_request, mailoutbox):
    join_request, _people = chile_request
    JoinRequest.objects.filter(pk=join_request.pk).update(status=JoinRequest.Status.APPROVED)
    assert tasks.notify_secretariat_of_join_request.apply(args=[join_request.pk]).get() == 0
    assert mailoutbox == []
