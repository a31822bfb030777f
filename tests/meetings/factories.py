import datetime
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Document, Meeting, Room
from tests.factories import WorkingGroupFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("building", "name")

    name = "Simón Bolívar room"
    building = "OAS headquarters"
    address = "17th Street and Constitution Avenue NW, Washington, DC"
    capacity = 120


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = ""
    # Mid-morning in New York whatever the hour of the run: a start after 22:00 local would end
    # after midnight, which the edit form (one date, two times) cannot express.
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=10)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    time_zone = "America/New_York"
    status = Meeting.Status.SCHEDULED
    video_link = "https://video.example/room-42"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    symbol = factory.LazyAttribute(lambda o: f"VG/doc.{o.number}/23")
    title = factory.Sequence(lambda n: f"Document {n}")
    language = "en"
    is_public = True
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="doc.pdf"))
    original_name = "doc.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    status = Attendance.Status.PRESENT_IN_PERSON
