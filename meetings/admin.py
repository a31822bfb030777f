"""Meetings in the admin: a window on the records, with light corrections.

Meetings, agenda items, documents, attendance and minutes are created through the app's pages, whose
services number them, check rooms and dates, keep revisions, re-render PDFs and notify delegations.
So the admin adds none of them, and every field a workflow owns (status, numbers and symbols, calendar
fields, revision counters, generated files) is read-only here.
"""

from django.contrib import admin

from members.translated import language_columns

from .models import (
    AgendaItem,
    Attendance,
    Decision,
    Document,
    DocumentFile,
    DocumentText,
    FollowUpAction,
    Meeting,
    MeetingDateChange,
    Minutes,
    MinutesCorrection,
    MinutesItem,
    MinutesItemTranslation,
    MinutesRevision,
    MinutesTranslation,
    Observer,
    Presentation,
    PrintedDocument,
    Registration,
    Room,
)
from .services import CALENDAR_FIELDS


class ViewOnlyAdmin(admin.ModelAdmin):
    """Records written only by a workflow: listed and shown, never added or edited here."""

    may_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.may_delete and super().has_delete_permission(request, obj)


class NoAddAdmin(admin.ModelAdmin):
    """Records created through the app's pages; the admin corrects their descriptive fields."""

    def has_add_permission(self, request):
        return False


class ViewOnlyTabularInline(admin.TabularInline):
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "building", "capacity"]
    list_filter = ["building"]
    search_fields = ["name", "building", "address"]


class AgendaItemInline(ViewOnlyTabularInline):
    model = AgendaItem
    fields = ["position", "title", "presenter", "minutes_allotted"]


class DateChangeInline(ViewOnlyTabularInline):
    model = MeetingDateChange
    fields = ["old_starts_at", "new_starts_at", "reason", "changed_by", "changed_at"]
    show_change_link = False


class DocumentInline(ViewOnlyTabularInline):
    model = Document
    fields = ["symbol", "title", "language", "is_public"]


@admin.register(Meeting)
class MeetingAdmin(NoAddAdmin):
    list_display = [
        "__str__",
        "group",
        "number",
        "starts_at",
        "format",
        "status",
        "is_public",
        "ics_sequence",
    ]
    list_filter = ["status", "format", "is_public", "group"]
    list_select_related = ["group"]
    search_fields = ["title", "notice_text", "group__provisional_name", "group__acronym"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["convening_unit"]
    # Calendar fields change through the meeting form (which bumps the calendar revision) or by
    # postponing; status through schedule/postpone/cancel/mark held.
    readonly_fields = sorted(
        CALENDAR_FIELDS
        | {
            "group",
            "number",
            "status",
            "cancellation_reason",
            *language_columns("cancellation_reason"),
            # Texts and their language change through the meeting form, as the calendar fields do.
            "original_language",
            "ics_sequence",
            "uid",
            "copied_from",
            "created_at",
            "updated_at",
        }
    )
    inlines = [AgendaItemInline, DocumentInline, DateChangeInline]


@admin.register(MeetingDateChange)
class MeetingDateChangeAdmin(ViewOnlyAdmin):
    list_display = ["meeting", "old_starts_at", "new_starts_at", "changed_by", "changed_at"]
    list_filter = ["meeting__group"]
    list_select_related = ["meeting", "changed_by"]
    search_fields = ["meeting__title", "reason", "changed_by__email"]
    date_hierarchy = "changed_at"


@admin.register(AgendaItem)
class AgendaItemAdmin(NoAddAdmin):
    list_display = ["title", "meeting", "position", "presenter", "minutes_allotted"]
    list_filter = ["meeting__group"]
    list_select_related = ["meeting"]
    search_fields = ["title", "description", "presenter", "meeting__title"]
    # Order is kept by the reorder workflow.
    readonly_fields = ["meeting", "position"]


class DocumentFileInline(ViewOnlyTabularInline):
    model = DocumentFile
    fields = ["language", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    show_change_link = False


@admin.register(DocumentText)
class DocumentTextAdmin(admin.ModelAdmin):
    """What the worker read from each paper's file, to see why a paper is (not) found by its words."""

    list_display = ["document_file", "outcome", "error", "extracted_at"]
    list_filter = ["outcome"]
    list_select_related = ["document_file__document"]
    search_fields = ["document_file__document__symbol", "document_file__document__title"]
    readonly_fields = ["document_file", "file_name", "text", "outcome", "error", "extracted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Document)
class DocumentAdmin(NoAddAdmin):
    list_display = ["symbol", "title", "meeting", "language", "is_public", "uploaded_at"]
    list_filter = ["is_public", "language", "files__language"]
    list_select_related = ["meeting"]
    search_fields = ["symbol", "title", "files__original_name"]
    date_hierarchy = "uploaded_at"
    # Uploads are checked, numbered and given a symbol by attach_document; language files by
    # add_document_file, which checks each upload.
    readonly_fields = ["meeting", "agenda_item", "symbol", "number", "uploaded_at"]
    inlines = [DocumentFileInline]


@admin.register(DocumentFile)
class DocumentFileAdmin(ViewOnlyAdmin):
    list_display = ["document", "language", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["language", "content_type"]
    list_select_related = ["document", "uploaded_by"]
    search_fields = ["document__symbol", "document__title", "original_name"]


@admin.register(MinutesTranslation)
class MinutesTranslationAdmin(ViewOnlyAdmin):
    # Entered on the minutes' translation page, beside the original.
    list_display = ["minutes", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["opening", "next_steps"]


@admin.register(MinutesItemTranslation)
class MinutesItemTranslationAdmin(ViewOnlyAdmin):
    list_display = ["item", "language", "title", "updated_at"]
    list_filter = ["language"]
    search_fields = ["title", "summary"]


@admin.register(Presentation)
class PresentationAdmin(NoAddAdmin):
    list_display = ["title", "meeting", "presenter_kind", "person_name", "unit", "member_state", "position"]
    list_filter = ["presenter_kind", "meeting__group"]
    list_select_related = ["meeting", "unit", "member_state"]
    search_fields = ["title", "person_name", "affiliation", "member_state__name", "unit__name"]
    autocomplete_fields = ["unit", "member_state"]
    readonly_fields = ["meeting", "agenda_item", "slides", "position"]


@admin.register(Attendance)
class AttendanceAdmin(ViewOnlyAdmin):
    # Recorded and confirmed on the meeting's attendance page (which checks the meeting and the state).
    list_display = [
        "meeting",
        "member_state",
        "status",
        "checked_in_by_delegate",
        "confirmed_by",
        "confirmed_at",
    ]
    list_filter = ["status", "checked_in_by_delegate", "meeting__group"]
    list_select_related = ["meeting", "member_state", "confirmed_by"]
    search_fields = ["member_state__name", "meeting__title", "delegation_members", "note"]


@admin.register(Registration)
class RegistrationAdmin(ViewOnlyAdmin):
    # Made on the delegation's registration page (which checks the deadline and who may register whom).
    list_display = [
        "meeting",
        "member_state",
        "user",
        "mode",
        "registered_by",
        "registered_at",
        "cancelled_at",
    ]
    list_filter = ["mode", "meeting__group"]
    list_select_related = ["meeting", "member_state", "user", "registered_by"]
    search_fields = ["member_state__name", "meeting__title", "user__full_name", "user__email"]


@admin.register(Observer)
class ObserverAdmin(NoAddAdmin):
    list_display = ["__str__", "meeting", "kind", "member_state", "unit", "name"]
    list_filter = ["kind", "meeting__group"]
    list_select_related = ["meeting", "member_state", "unit"]
    search_fields = ["name", "persons", "member_state__name", "unit__name", "meeting__title"]
    autocomplete_fields = ["unit"]
    # A state observes only if it does not support the group: add_observer checks that.
    readonly_fields = ["meeting", "kind", "member_state"]


class MinutesItemInline(ViewOnlyTabularInline):
    model = MinutesItem
    fields = ["position", "title", "summary"]


class DecisionInline(ViewOnlyTabularInline):
    model = Decision
    fields = ["number", "kind", "text"]


class CorrectionInline(ViewOnlyTabularInline):
    model = MinutesCorrection
    fields = ["member_state", "text", "revision", "submitted_at"]


class RevisionInline(ViewOnlyTabularInline):
    model = MinutesRevision
    fields = ["number", "status", "reason", "created_by", "created_at"]


@admin.register(Minutes)
class MinutesAdmin(ViewOnlyAdmin):
    # Edited on the minutes page: it keeps revisions, refuses approved minutes and re-renders the PDF.
    list_display = ["__str__", "symbol", "status", "revision", "circulated_at", "published_at"]
    list_filter = ["status", "meeting__group"]
    list_select_related = ["meeting"]
    search_fields = ["symbol", "chair", "opening", "next_steps", "meeting__title"]
    inlines = [MinutesItemInline, DecisionInline, CorrectionInline, RevisionInline]


@admin.register(MinutesItem)
class MinutesItemAdmin(ViewOnlyAdmin):
    list_display = ["title", "minutes", "position"]
    list_filter = ["minutes__status"]
    list_select_related = ["minutes__meeting"]
    search_fields = ["title", "summary", "minutes__symbol"]


@admin.register(Decision)
class DecisionAdmin(ViewOnlyAdmin):
    # Recorded through record_decision, which changes the group's name or officers in the same step.
    list_display = ["__str__", "minutes", "number", "kind"]
    list_filter = ["kind", "minutes__status"]
    list_select_related = ["minutes__meeting"]
    search_fields = ["text", "text_es", "text_fr", "text_pt", "minutes__symbol"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "decision", "member_state", "officer", "secretariat_unit", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["decision__minutes__meeting", "member_state", "officer", "secretariat_unit"]
    search_fields = ["what", "decision__text"]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "minutes", "member_state", "submitted_by", "revision", "submitted_at"]
    list_filter = ["minutes__status"]
    list_select_related = ["minutes__meeting", "member_state", "submitted_by"]
    search_fields = ["text", "member_state__name", "submitted_by__email", "minutes__symbol"]
    date_hierarchy = "submitted_at"


@admin.register(MinutesRevision)
class MinutesRevisionAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "number", "status", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["minutes__meeting", "created_by"]
    search_fields = ["reason", "minutes__symbol"]
    date_hierarchy = "created_at"


@admin.register(PrintedDocument)
class PrintedDocumentAdmin(ViewOnlyAdmin):
    # A stored rendering: deleting one makes the next request render it again.
    may_delete = True
    list_display = ["__str__", "kind", "language", "fingerprint", "rendered_at"]
    list_filter = ["kind", "language"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__title", "fingerprint"]
    date_hierarchy = "rendered_at"
