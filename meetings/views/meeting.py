"""Public pages of meetings: the list, one meeting, and the calendar feeds."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from groups.models import WorkingGroup
from meetings import permissions, services
from meetings.calendar import feed_ics, meeting_ics
from meetings.forms import (
    CheckInForm,
    MeetingFilterForm,
)
from meetings.models import Document, Meeting, MeetingDateChange, Minutes, Presentation
from members.models import User
from members.permissions import active_delegation

from .access import visible_meeting


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user).select_related("group", "room")
        self.filter_form = MeetingFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["group"]:
                meetings = meetings.filter(group=data["group"])
            if data["year"]:
                meetings = meetings.filter(starts_at__year=data["year"])
            if data["status"]:
                meetings = meetings.filter(status=data["status"])
        return meetings.order_by("-starts_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        # Lists that are often empty are checked on the meeting's own row, so an empty one costs no query.
        user = self.request.user
        return (
            Meeting.objects.visible_to(user)
            .select_related("group", "room", "convening_unit", "minutes")
            .annotate(
                has_documents=Exists(Document.objects.visible_to(user).filter(meeting=OuterRef("pk"))),
                has_presentations=Exists(Presentation.objects.filter(meeting=OuterRef("pk"))),
                has_date_changes=Exists(MeetingDateChange.objects.filter(meeting=OuterRef("pk"))),
                has_approved_minutes=Exists(Minutes.objects.filter(approved_at_meeting=OuterRef("pk"))),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        minutes = getattr(meeting, "minutes", None)  # loaded with the meeting
        context["minutes"] = minutes if minutes and permissions.can_see_minutes(user, minutes) else None
        documents = (
            list(
                Document.objects.visible_to(user)
                .filter(meeting=meeting)
                .with_language_files()
                .order_by("number")
            )
            if meeting.has_documents
            else []
        )
        by_item = defaultdict(list)
        for document in documents:
            by_item[document.agenda_item_id].append(document)
        items = list(meeting.agenda_items.order_by("position", "pk"))
        for item in items:
            item.visible_documents = by_item.get(item.pk, [])
        visible_ids = {document.pk for document in documents}
        presentations = (
            list(
                meeting.presentations.select_related("unit", "member_state", "agenda_item").order_by(
                    "position"
                )
            )
            if meeting.has_presentations
            else []
        )
        for presentation in presentations:
            presentation.visible_slides = (
                presentation.slides_id if presentation.slides_id in visible_ids else None
            )
        context.update(
            agenda_items=items,
            meeting_documents=by_item.get(None, []),
            all_documents=documents,
            presentations=presentations,
            date_changes=list(meeting.date_changes.order_by("changed_at"))
            if meeting.has_date_changes
            else [],
            can_see_video_link=permissions.can_see_video_link(user, meeting),
            can_manage=permissions.can_manage_meetings(user),
            can_edit=permissions.can_edit_meeting(user, meeting),
            can_see_attendance_list=permissions.can_see_attendance_list(user, meeting),
        )
        # The record of the meeting: what it decided (its own minutes) and the minutes approved at it.
        # Work plans adopted at it come from workplans' own tag in the template.
        context["decisions"] = list(context["minutes"].decisions.all()) if context["minutes"] else []
        context["approved_here"] = (
            list(
                Minutes.objects.visible_to(user)
                .filter(approved_at_meeting=meeting, meeting__in=Meeting.objects.visible_to(user))
                .select_related("meeting")
                .order_by("meeting__starts_at")
            )
            if meeting.has_approved_minutes
            else []
        )
        if meeting.has_taken_place():
            context["summary"] = meeting.attendance_summary()
        # Checked first without a query: only a meeting still open to registration asks for the group.
        context["can_register"] = meeting.registration_is_open() and permissions.can_register_for(
            user, meeting
        )
        if permissions.can_check_in(user, meeting):
            delegation = active_delegation(user)
            context["check_in_form"] = CheckInForm()
            context["my_attendance"] = meeting.attendances.filter(
                member_state=delegation.member_state
            ).first()
        return context


# Calendars


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, pk):
    meeting = visible_meeting(request, pk)
    return _ics_response(meeting_ics(meeting, user=request.user), f"meeting-{meeting.uid}.ics")


def group_calendar(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    meetings = Meeting.objects.visible_to(request.user).filter(group=group).select_related("group", "room")
    return _ics_response(feed_ics(meetings, user=request.user, name=group.name), f"{group.slug}.ics")


def personal_calendar(request, token):
    owner = get_object_or_404(User, calendar_token=token, is_active=True)
    meetings = Meeting.objects.visible_to(owner).select_related("group", "room")
    return _ics_response(feed_ics(meetings, user=owner, name=_("My meetings")), "plenary.ics")


@require_POST
@login_required
def regenerate_calendar_token(request):
    services.regenerate_calendar_token(user=request.user)
    messages.success(request, _("Your private calendar address was replaced; the old one no longer works."))
    return redirect("meetings:list")
