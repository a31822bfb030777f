"""The attendance screen's rows and observer form, built without templates: what staff read and send."""

import re
from html.parser import HTMLParser

from crispy_forms.utils import render_crispy_form
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from meetings.forms import ObserverForm
from meetings.models import Attendance
from meetings.views.attendance_rows import RowRenderer, plain_form_html
from tests.meetings.factories import AttendanceFactory


class Shape(HTMLParser):
    """Tags with their attributes (any order) and the text between them (any whitespace)."""

    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.items.append(("text", text))


def test_the_observer_form_reads_as_crispy_renders_it_in_every_language(meeting):
    for language in ("en", "es"):
        with translation.override(language):
            form = ObserverForm()
            assert Shape(plain_form_html(form)).items == Shape(render_crispy_form(form)).items


def row_of(html, state):
    start = html.index(f'id="attendance-{state.pk}"')
    return html[start : html.index("</form>", start)]


def test_a_row_awaiting_confirmation_offers_the_confirmation_and_escapes_what_delegates_typed(
    secretariat_client, meeting, us
):
    record = AttendanceFactory(
        meeting=meeting,
        member_state=us,
        status=Attendance.Status.PRESENT_ONLINE,
        checked_in_by_delegate=True,
        note='"><script>x</script>',
        delegation_members="A & B",
    )
    html = secretariat_client.get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode()
    row = row_of(html, us)
    confirm = reverse("meetings:attendance_confirm", kwargs={"pk": record.pk})
    assert f'formaction="{confirm}"' in row and "checked in by the delegation" in row
    assert f'id="att-{us.pk}-present_online" checked' in row
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in row and "<script>" not in row
    assert 'value="A &amp; B"' in row
    assert f'aria-label="Attendance of {us.name}"' in row
    # Every label names an input of the row.
    ids = set(re.findall(r' id="([^"]+)"', row))
    assert set(re.findall(r' for="([^"]+)"', row)) <= ids
    record.confirmed_by = record.checked_in_by = None
    record.checked_in_by_delegate = False
    record.save()
    row = row_of(
        secretariat_client.get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode(), us
    )
    assert "formaction" not in row and "checked in by the delegation" not in row


def test_a_row_carries_the_error_or_the_saved_note_it_was_given(meeting, us, secretariat):
    request = RequestFactory().get("/")
    request.user = secretariat
    renderer = RowRenderer(request, meeting)
    row = {"state": us, "attendance": None, "supporting": True, "error": "<b>no</b>"}
    html = renderer.render(row)
    assert 'role="alert">&lt;b&gt;no&lt;/b&gt;</div>' in html and "supporting" in html
    assert 'role="status"' in renderer.render({**row, "error": None, "saved": True})
    assert reverse("meetings:attendance_record", kwargs={"pk": meeting.pk, "state_pk": us.pk}) in html
