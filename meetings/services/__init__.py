"""Workflows on meetings, one module per subject; callers use `from meetings import services`.

Minutes have their own in meetings.minutes.services.
"""

from .agenda import (
    add_agenda_item,
    delete_agenda_item,
    move_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from .attendance import add_observer, confirm_check_in, delegate_check_in, record_attendance
from .documents import (
    ALLOWED_TYPES,
    add_document_file,
    add_presentation,
    attach_document,
    check_upload,
    detect_document_type,
    document_symbol,
    remove_document,
)
from .meeting import (
    CALENDAR_FIELDS,
    MEETING_FIELDS,
    cancel_meeting,
    copy_meeting,
    create_meeting,
    mark_held,
    postpone_meeting,
    regenerate_calendar_token,
    schedule_meeting,
    update_meeting,
    update_meeting_settings,
)
from .registration import cancel_registration, register

__all__ = [
    "ALLOWED_TYPES",
    "CALENDAR_FIELDS",
    "MEETING_FIELDS",
    "add_agenda_item",
    "add_document_file",
    "add_observer",
    "add_presentation",
    "attach_document",
    "cancel_meeting",
    "cancel_registration",
    "check_upload",
    "confirm_check_in",
    "copy_meeting",
    "create_meeting",
    "delegate_check_in",
    "delete_agenda_item",
    "detect_document_type",
    "document_symbol",
    "mark_held",
    "move_agenda_item",
    "postpone_meeting",
    "record_attendance",
    "register",
    "regenerate_calendar_token",
    "remove_document",
    "reorder_agenda",
    "schedule_meeting",
    "update_agenda_item",
    "update_meeting",
    "update_meeting_settings",
]
