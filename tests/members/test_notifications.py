"""The shared email helper: one recipient, one language, from the subject to the HTML part."""

import copy
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import translation

from members import notifications
from members.notifications import build_email
from tests.emails import CALLER, LANGUAGES, LINK, assert_reads_in, the_only_email_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_templates(settings, tmp_path):
    folder = tmp_path / "demo" / "email"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text('{% load i18n %}{% translate "Reason:" %} {{ topic }}')
    (folder / "hello_body.txt").write_text(
        "{% load i18n %}{% blocktranslate with name=recipient.get_full_name %}Dear {{ name }},{% endblocktranslate %}\n"
        "{{ site_url }}{% url 'members:preferences' %}\n"
    )
    (folder / "hello_body.html").write_text(
        "<p><a href=\"{{ site_url }}{% url 'members:preferences' %}\">{{ topic }}</a></p>"
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "demo/email/hello"


def test_subject_text_and_html_parts_are_all_in_the_recipients_language(email_templates):
    claire = UserFactory(full_name="Claire Tremblay", preferred_language="fr")

    with translation.override("es"):
        email = build_email(user=claire, template=email_templates, context={"topic": "Plan & calendrier"})
        assert translation.get_language() == "es"

    assert email.subject == "Motif : Plan & calendrier"
    assert email.body.startswith("Bonjour Claire Tremblay,\n")
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "Plan &amp; calendrier" in html  # the HTML part is escaped, the text part is not
    assert LINK.findall(email.body) == LINK.findall(html) == ["/fr/me/preferences/"]


def test_an_email_without_an_html_template_is_text_only(email_templates, tmp_path):
    (tmp_path / "demo" / "email" / "hello_body.html").unlink()
    email = build_email(
        user=UserFactory(preferred_language="pt"), template=email_templates, context={"topic": "x"}
    )
    assert email.alternatives == []
    assert LINK.findall(email.body) == ["/pt/me/preferences/"]


# Accreditation emails ----------------------------------------------------------------------
def _invitation(state, head, language, capture):
    from members import accreditation

    with capture(execute=True):
        accreditation.invite_delegate(
            member_state=state, email="ana@state.example", full_name="Ana Pérez", title="adviser",
            end_date=None, language=language, by=head,
        )  # fmt: skip
    return SimpleNamespace(email="ana@state.example", full_name="Ana Pérez")


def _confirmed(state, head, language, capture):
    from allauth.account.models import EmailAddress

    from members import accreditation
    from tests.factories import make_secretariat

    invitation = accreditation.invite_delegate(
        member_state=state, email="ana@state.example", full_name="Ana Pérez", title="adviser",
        end_date=None, language="en", by=head,
    )  # fmt: skip
    person = UserFactory(email="ana@state.example", full_name="Ana Pérez", preferred_language=language)
    EmailAddress.objects.filter(user=person).delete()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    accreditation.accept_invitation(token=invitation.token, user=person)
    mail.outbox.clear()
    with capture(execute=True):
        accreditation.confirm_invitation(
            invitation=invitation, by=make_secretariat("confirm@secretariat.example")
        )
    return SimpleNamespace(email=person.email, full_name="Ana Pérez")


def _decision(state, head, language, capture):
    from members import accreditation

    person = UserFactory(email="sam@state.example", full_name="Sam Ortiz", preferred_language=language)
    request = accreditation.request_accreditation(user=person, member_state=state, title="adviser")
    with capture(execute=True):
        accreditation.decide_accreditation_request(
            accreditation_request=request, by=head, approve=True, reason="On the mission's list."
        )
    return SimpleNamespace(email=person.email, full_name="Sam Ortiz")


def _digest(state, head, language, capture):
    from members import tasks
    from tests.factories import MembershipFactory, WorkingGroupFactory, make_secretariat
    from tests.press.helpers import published_release

    group = WorkingGroupFactory()
    MembershipFactory(group=group, member_state=state)
    reader = make_secretariat("digest@secretariat.example")
    reader.preferred_language = language
    reader.save()
    # Staff follow press releases in the digest unless they choose otherwise.
    with capture(execute=True):
        published_release(group, language=language, title="Group adopts its work plan")
    assert [m for m in mail.outbox if m.to == [reader.email]] == []
    tasks.send_daily_digests.apply().get()
    return SimpleNamespace(email=reader.email, full_name=reader.get_full_name())


CAUSE = {
    notifications.DIGEST: _digest,
    notifications.INVITATION: _invitation,
    notifications.ACCREDITATION_CONFIRMED: _confirmed,
    notifications.ACCREDITATION_DECISION: _decision,
}


@pytest.fixture
def head_of_mission(us):
    from members.models import Delegate
    from tests.factories import DelegateFactory

    return DelegateFactory(
        user=UserFactory(email="head@us.example", full_name="Pat Head"),
        member_state=us,
        title=Delegate.Title.PERMANENT_REPRESENTATIVE,
    ).user


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", notifications.KINDS)
def test_accreditation_email_reads_in_the_recipients_language(
    kind, language, us, head_of_mission, django_capture_on_commit_callbacks
):
    with translation.override(CALLER[language]):
        recipient = CAUSE[kind](us, head_of_mission, language, django_capture_on_commit_callbacks)
    email = the_only_email_to(recipient)
    assert_reads_in(email, language, name=recipient.full_name, date=None)
    headers = email.message()
    if kind == notifications.DIGEST:
        # The digest ends with the one-click link that stops it, in the reader's language.
        assert f"/{language}/unsubscribe/" in headers["List-Unsubscribe"]
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    else:
        assert "List-Unsubscribe" not in headers  # account emails are not subscriptions
