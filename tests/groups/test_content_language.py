"""Emails use the recipient's language for content too: a translated group name where one exists."""

import pytest
from django.utils import translation

from groups import services
from tests.emails import bodies, the_only_email_to

pytestmark = pytest.mark.django_db

SPANISH_NAME = "Grupo Voluntario de la Carta Democrática Interamericana"


def test_a_group_name_reaches_each_recipient_in_their_language_or_the_original(
    group,
    hn,
    secretariat,
    secretariat_without_mfa,
    delegate_of_non_member,
    django_capture_on_commit_callbacks,
):
    group.provisional_name_es = SPANISH_NAME
    group.save()
    secretariat.preferred_language = "es"
    secretariat.save()
    secretariat_without_mfa.preferred_language = "fr"
    secretariat_without_mfa.save()

    # Caused by someone reading English: the email must not take their language.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(group=group, user=delegate_of_non_member, member_state=hn, message="Please.")

    spanish = the_only_email_to(secretariat)
    french = the_only_email_to(secretariat_without_mfa)
    assert all(SPANISH_NAME in body for body in bodies(spanish))
    # No French name: the original (English) one, never the Spanish.
    assert all(group.provisional_name_en in body and SPANISH_NAME not in body for body in bodies(french))
