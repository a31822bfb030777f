"""Public pages of meetings: the list, one meeting, and the calendar feeds."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, DateTimeField, Exists, F, IntegerField, OuterRef, Value
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
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
from meetings.models import Decision, Document, Meeting, MeetingDateChange, Minutes, Presentation
from members import page_cache
from members.models import User
from members.page_revision import current_subquery
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


VISITOR_QUERYSETS = {}


class MeetingDetailView(page_cache.CachedForVisitorsMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated:
            return self.build_queryset(user)
        # Every visitor's query is the same: built once per process and language (a third of the
        # CPU of a visitor served from the page cache went into building it), cloned by get_object.
        language = get_language()
        if language not in VISITOR_QUERYSETS:
            VISITOR_QUERYSETS[language] = self.build_queryset(user)
        return VISITOR_QUERYSETS[language]

    @staticmethod
    def build_queryset(user):
        # Lists that are often empty are checked on the meeting's own row, so an empty one costs no query.
        return (
            Meeting.objects.visible_to(user)
            .select_related("group", "room", "convening_unit", "minutes")
            .annotate(
                has_documents=Exists(Document.objects.visible_to(user).filter(meeting=OuterRef("pk"))),
                has_presentations=Exists(Presentation.objects.filter(meeting=OuterRef("pk"))),
                has_date_changes=Exists(MeetingDateChange.objects.filter(meeting=OuterRef("pk"))),
                has_approved_minutes=Exists(Minutes.objects.filter(approved_at_meeting=OuterRef("pk"))),
                # Read with the meeting: a visitor's cached copy costs this one query.
                page_revision=current_subquery(),
            )
        )

    def valid_until(self):
        # "Held or in progress" (the record section) turns at the start and at the end.
        return page_cache.next_change(self.object.starts_at, self.object.ends_at)

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
            can_see_video_link=permissions.can_see_video_link(user, meeting),
            can_manage=permissions.can_manage_meetings(user),
            can_edit=permissions.can_edit_meeting(user, meeting),
            can_see_attendance_list=permissions.can_see_attendance_list(user, meeting),
        )
        # The record of the meeting: what it decided (its own minutes) and the minutes approved at it.
        # Work plans adopted at it come from workplans' own tag in the template.
        context["decisions"], context["date_changes"] = decisions_and_date_changes(
            meeting, context["minutes"], with_changes=meeting.has_date_changes
        )
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


def decisions_and_date_changes(meeting, minutes, *, with_changes: bool):
    """The decisions in the meeting's minutes and its postponements: two short lists, one query.

    A UNION of the columns either list shows (the others typed NULL, so PostgreSQL can match the
    branches), rebuilt into the models the template reads. Every column is an expression: values_list
    puts plain fields before expressions, which would misalign the branches.
    """
    branches = []
    if minutes is not None:
        branches.append(
            Decision.objects.filter(minutes=minutes)
            .order_by()
            .values_list(
                Value("decision", output_field=CharField()),
                F("pk"),
                F("number"),
                F("text"),
                F("text_es"),
                F("text_fr"),
                F("text_pt"),
                Value("", output_field=CharField()),
                *[Cast(Value(None), DateTimeField())] * 3,
            )
        )
    if with_changes:
        branches.append(
            # Not rewritten by modeltranslation, which would reorder the columns.
            MeetingDateChange.objects.rewrite(False)
            .filter(meeting=meeting)
            .order_by()
            .values_list(
                Value("change", output_field=CharField()),
                F("pk"),
                Cast(Value(None), IntegerField()),
                F("reason_en"),
                F("reason_es"),
                F("reason_fr"),
                F("reason_pt"),
                F("original_language"),
                F("old_starts_at"),
                F("new_starts_at"),
                F("changed_at"),
            )
        )
    if not branches:
        return [], []
    # The postponements' branch first: a UNION converts its values by the first branch's columns,
    # and only that branch holds real times (SQLite returns a cast NULL's times as text otherwise).
    branches.reverse()
    rows = list(branches[0].union(*branches[1:], all=True).order_by() if len(branches) > 1 else branches[0])
    decisions, changes = [], []
    for kind, pk, number, first, es, fr, pt, language, old, new, changed in rows:
        if kind == "decision":
            decisions.append(
                Decision(
                    pk=pk, minutes=minutes, number=number, text=first, text_es=es, text_fr=fr, text_pt=pt
                )
            )
        else:
            changes.append(
                MeetingDateChange(
                    pk=pk,
                    meeting=meeting,
                    reason_en=first,
                    reason_es=es,
                    reason_fr=fr,
                    reason_pt=pt,
                    original_language=language,
                    old_starts_at=old,
                    new_starts_at=new,
                    changed_at=changed,
                )
            )
    decisions.sort(key=lambda decision: decision.number)
    changes.sort(key=lambda change: (change.changed_at, change.pk))
    return decisions, changes


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
