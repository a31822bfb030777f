from django.urls import path, register_converter

from .minutes import decision_views
from .minutes import translation_views as minutes_translation_views
from .minutes import views as minutes_views
from .views import agenda, attendance, decisions, documents, manage, meeting, registration


class PaperLanguageConverter:
    """One of the four official languages, as the last part of a paper's address."""

    regex = "en|es|fr|pt"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PaperLanguageConverter, "paper_language")

app_name = "meetings"

urlpatterns = [
    path("meetings/", meeting.MeetingListView.as_view(), name="list"),
    path("meetings/<int:pk>/", meeting.MeetingDetailView.as_view(), name="detail"),
    path("meetings/<int:pk>/calendar.ics", meeting.meeting_calendar, name="ics"),
    path("meetings/<int:pk>/attendance.csv", attendance.attendance_csv, name="attendance_csv"),
    path("meetings/<int:pk>/check-in/", attendance.check_in, name="check_in"),
    path("meetings/<int:pk>/registration/", registration.registration, name="registration"),
    path("groups/<slug:slug>/meetings.ics", meeting.group_calendar, name="group_feed"),
    path("groups/<slug:slug>/decisions/", decisions.group_decisions, name="group_decisions"),
    path("calendar/<str:token>.ics", meeting.personal_calendar, name="personal_feed"),
    path("calendar/new-address/", meeting.regenerate_calendar_token, name="regenerate_calendar_token"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/<paper_language:language>/", documents.document_file, name="document_file"),
    # Secretariat
    path("groups/<slug:slug>/meetings/new/", manage.MeetingCreateView.as_view(), name="create"),
    path("groups/<slug:slug>/meeting-settings/", manage.MeetingSettingsView.as_view(), name="settings"),
    path("meetings/<int:pk>/edit/", manage.MeetingEditView.as_view(), name="edit"),
    path("meetings/<int:pk>/schedule/", manage.schedule, name="schedule"),
    path("meetings/<int:pk>/postpone/", manage.postpone, name="postpone"),
    path("meetings/<int:pk>/cancel/", manage.cancel, name="cancel"),
    path("meetings/<int:pk>/copy/", manage.copy, name="copy"),
    path("meetings/<int:pk>/held/", manage.mark_held, name="mark_held"),
    path("meetings/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/add/", agenda.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/reorder/", agenda.agenda_reorder, name="agenda_reorder"),
    path("agenda-items/<int:pk>/edit/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path("agenda-items/<int:pk>/delete/", agenda.agenda_item_delete, name="agenda_item_delete"),
    path("agenda-items/<int:pk>/move/", agenda.agenda_item_move, name="agenda_item_move"),
    path("meetings/<int:pk>/presentations/", documents.presentations, name="presentations"),
    path("presentations/<int:pk>/delete/", documents.presentation_delete, name="presentation_delete"),
    path("meetings/<int:pk>/documents/", documents.documents, name="documents"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
    path("documents/<int:pk>/files/", documents.document_file_upload, name="document_file_upload"),
    path("meetings/<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path(
        "meetings/<int:pk>/attendance/<int:state_pk>/", attendance.attendance_record, name="attendance_record"
    ),
    path("attendance/<int:pk>/confirm/", attendance.attendance_confirm, name="attendance_confirm"),
    path("meetings/<int:pk>/observers/add/", attendance.observer_add, name="observer_add"),
    path("observers/<int:pk>/delete/", attendance.observer_delete, name="observer_delete"),
    path("meetings/<int:pk>/registrations/", registration.registrations, name="registrations"),
    path("meetings/<int:pk>/registrations.csv", registration.registrations_csv, name="registrations_csv"),
    # Minutes and printed documents
    path("meetings/<int:pk>/minutes/", minutes_views.minutes_detail, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/attendance.pdf", minutes_views.attendance_pdf, name="attendance_pdf"),
    path("meetings/<int:pk>/participants.pdf", minutes_views.participants_pdf, name="participants_pdf"),
    path(
        "meetings/<int:pk>/minutes/correction/", minutes_views.minutes_correction, name="minutes_correction"
    ),
    path("meetings/<int:pk>/minutes/start/", minutes_views.minutes_start, name="minutes_start"),
    path("meetings/<int:pk>/minutes/edit/", minutes_views.minutes_edit, name="minutes_edit"),
    path(
        "meetings/<int:pk>/minutes/translate/<str:language>/",
        minutes_translation_views.minutes_translate,
        name="minutes_translate",
    ),
    path("meetings/<int:pk>/minutes/circulate/", minutes_views.minutes_circulate, name="minutes_circulate"),
    path("meetings/<int:pk>/minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/publish/", minutes_views.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/correct/", minutes_views.minutes_correct, name="minutes_correct"),
    # Decisions and their follow-up actions (staff)
    path("meetings/<int:pk>/decisions/new/", decision_views.decision_record, name="decision_record"),
    path("decisions/<int:pk>/actions/", decision_views.decision_actions, name="decision_actions"),
    path("follow-up-actions/<int:pk>/edit/", decision_views.action_edit, name="action_edit"),
    path("follow-up-actions/<int:pk>/status/", decision_views.action_status, name="action_status"),
]
