"""Read an email as its recipient does: greeting, date, links and wording all in their language.

Each app's test_notifications.py causes every kind of email it sends, for a recipient of each
language, while *another* language is active (as when a Spanish-speaking officer's action
emails a French delegate), and checks the email here. The dates are December 10, 2099, written
as each language writes it.
"""

import re

from django.conf import settings
from django.core import mail
from django.utils import translation

from meetings.models.meeting import ORDINALS

LANGUAGES = ("en", "es", "fr", "pt")
# The language active in the thread that causes the email: never the recipient's.
CALLER = {"en": "es", "es": "fr", "fr": "es", "pt": "es"}
DATE = {
    "en": "Dec. 10, 2099",
    "es": "10 de diciembre de 2099",
    "fr": "10 décembre 2099",
    "pt": "10 de dezembro de 2099",
}
SALUTATION = {
    "en": "Dear {name},",
    "es": "Estimado/a {name}:",
    "fr": "Bonjour {name},",
    "pt": "Prezado/a {name},",
}
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/[^\s\"'<>]*)")


def the_only_email_to(user):
    messages = [message for message in mail.outbox if message.to == [user.email]]
    assert len(messages) == 1, [message.subject for message in messages]
    return messages[0]


def bodies(email) -> list[str]:
    return [email.body] + [content for content, mimetype in email.alternatives if mimetype == "text/html"]


def capitalised_meeting_words(language: str) -> set[str]:
    """Words that open a meeting's title ("Tercera", "Réunion"): a small letter mid-sentence."""
    with translation.override(language):
        words = {str(ordinal) for ordinal in ORDINALS}
        words.add(translation.gettext("Meeting %(number)s").split()[0])
    return words


def assert_no_capitalised_ordinal_mid_sentence(text: str, language: str):
    for word in capitalised_meeting_words(language):
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            before = text[: match.start()].rstrip(" ")
            assert before == "" or before.endswith("\n"), f"{word!r} mid-sentence in {text!r}"


def assert_reads_in(
    email, language: str, *, name: str | None, date: dict | None = DATE, zone: str | None = None
):
    """The email as `language`'s reader sees it.

    `name`: greeted by name (None: the email has no greeting of ours), `date`: the date it must
    show, by language, `zone`: the zone it must name.
    """
    for body in bodies(email):
        links = LINK.findall(body)
        assert links, f"no link to the site in {body!r}"
        wrong = [path for path in links if not path.startswith(f"/{language}/")]
        assert wrong == [], f"links not in {language}: {wrong}"
    if name is not None:
        assert email.body.startswith(SALUTATION[language].format(name=name) + "\n"), email.body[:80]
    if date:
        assert date[language] in email.body, f"{date[language]!r} not in {email.body!r}"
    if zone:
        assert zone in email.body
    for html in bodies(email)[1:]:
        # The HTML part says the same in the same language, and says which language that is.
        assert f'<html lang="{language}"' in html
        if date:
            assert date[language] in html, f"{date[language]!r} not in the HTML part"
        if zone:
            assert zone in html
    assert_no_capitalised_ordinal_mid_sentence(email.subject, language)
    assert_no_capitalised_ordinal_mid_sentence(email.body, language)
