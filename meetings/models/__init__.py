"""The meetings app's models, one module per subject; Django finds them all through this package.

Each module imports only those below it (meeting < agenda < documents, attendance), and the
minutes package refers to these models by "meetings.<Model>" strings, so nothing imports back.
"""

from meetings.minutes.models import (
    Decision,
    FollowUpAction,
    Minutes,
    MinutesCorrection,
    MinutesItem,
    MinutesItemTranslation,
    MinutesRevision,
    MinutesTranslation,
    PrintedDocument,
)

from .agenda import AgendaItem
from .attendance import Attendance, AttendanceSummary, Observer, attendance_fingerprint, attendance_rows
from .documents import (
    Document,
    DocumentFile,
    DocumentText,
    Presentation,
    document_file_upload_to,
    document_upload_to,
)
from .meeting import (
    CHECK_IN_OPENS_BEFORE,
    ORDINALS,
    REGISTRATION_CLOSES_BEFORE,
    Meeting,
    MeetingDateChange,
    Room,
)
from .registration import Registration

__all__ = [
    "CHECK_IN_OPENS_BEFORE",
    "ORDINALS",
    "REGISTRATION_CLOSES_BEFORE",
    "AgendaItem",
    "Attendance",
    "AttendanceSummary",
    "Decision",
    "Document",
    "DocumentFile",
    "DocumentText",
    "FollowUpAction",
    "Meeting",
    "MeetingDateChange",
    "Minutes",
    "MinutesCorrection",
    "MinutesItem",
    "MinutesItemTranslation",
    "MinutesTranslation",
    "MinutesRevision",
    "Observer",
    "Presentation",
    "Registration",
    "PrintedDocument",
    "Room",
    "attendance_fingerprint",
    "attendance_rows",
    # Migration 0001 stores the upload path function under meetings.models.
    "document_file_upload_to",
    "document_upload_to",
]
