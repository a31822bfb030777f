"""Every join-request email, in each of the four languages, reads wholly in its recipient's language."""

import pytest
from django.utils import translation

from groups import notifications, services
from tests.emails import CALLER, LANGUAGES, assert_reads_in, the_only_email_to

pytestmark = pytest.mark.django_db


def received(group, state, requester, secretariat, capture):
    with capture(execute=True):
        return services.request_to_join(
            group=group, user=requester, member_state=state, message="We would like to join."
        )


def decision(group, state, requester, secretariat, capture):
    join_request = received(group, state, requester, secretariat, capture)
    with capture(execute=True):
        services.approve_join_request(join_request=join_request, decided_by=secretariat, reason="Welcome.")


# kind: how it is caused, and whether the secretariat (or else the requesting delegate) reads it
CAUSE = {
    notifications.JOIN_REQUEST_RECEIVED: (received, True),
    notifications.JOIN_REQUEST_DECISION: (decision, False),
}


def test_every_kind_of_join_request_email_is_covered():
    assert set(CAUSE) == set(notifications.KINDS) == set(notifications.TEMPLATES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", notifications.KINDS)
def test_join_request_email_reads_in_the_recipients_language(
    kind, language, group, hn, secretariat, delegate_of_non_member, django_capture_on_commit_callbacks
):
    cause, to_secretariat = CAUSE[kind]
    recipient = secretariat if to_secretariat else delegate_of_non_member
    recipient.preferred_language = language
    recipient.save()

    with translation.override(CALLER[language]):
        cause(group, hn, delegate_of_non_member, secretariat, django_capture_on_commit_callbacks)

    email = the_only_email_to(recipient)
    assert_reads_in(email, language, name=recipient.get_full_name(), date=None)
