from django.urls import path

from . import views
from .minutes import views as minutes_views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="ics"),
    path("meetings/<int:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("meetings/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("groups/<slug:slug>/meetings.ics", views.group_calendar, name="group_feed"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_feed"),
    path("calendar/new-address/", views.regenerate_calendar_token, name="regenerate_calendar_token"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    # Secretariat
    path("groups/<slug:slug>/meetings/new/", views.MeetingCreateView.as_view(), name="create"),
    path("groups/<slug:slug>/meeting-settings/", views.MeetingSettingsView.as_view(), name="settings"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="edit"),
    path("meetings/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("meetings/<int:pk>/postpone/", views.postpone, name="postpone"),
    path("meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:pk>/copy/", views.copy, name="copy"),
    path("meetings/<int:pk>/held/", views.mark_held, name="mark_held"),
    path("meetings/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/reorder/", views.agenda_reorder, name="agenda_reorder"),
    path("agenda-items/<int:pk>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda-items/<int:pk>/delete/", views.agenda_item_delete, name="agenda_item_delete"),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path("meetings/<int:pk>/presentations/", views.presentations, name="presentations"),
    path("presentations/<int:pk>/delete/", views.presentation_delete, name="presentation_delete"),
    path("meetings/<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/<int:state_pk>/", views.attendance_record, name="attendance_record"),
    path("attendance/<int:pk>/confirm/", views.attendance_confirm, name="attendance_confirm"),
    path("meetings/<int:pk>/observers/add/", views.observer_add, name="observer_add"),
    path("observers/<int:pk>/delete/", views.observer_delete, name="observer_delete"),
    # Minutes and printed documents
    path("meetings/<int:pk>/minutes/", minutes_views.minutes_detail, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/attendance.pdf", minutes_views.attendance_pdf, name="attendance_pdf"),
    path(
        "meetings/<int:pk>/minutes/correction/", minutes_views.minutes_correction, name="minutes_correction"
    ),
    path("meetings/<int:pk>/minutes/start/", minutes_views.minutes_start, name="minutes_start"),
    path("meetings/<int:pk>/minutes/edit/", minutes_views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes/circulate/", minutes_views.minutes_circulate, name="minutes_circulate"),
    path("meetings/<int:pk>/minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/publish/", minutes_views.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/correct/", minutes_views.minutes_correct, name="minutes_correct"),
]
