"""Staff pages for a meeting's agenda; htmx swaps the list in place."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions, services
from meetings.forms import (
    AgendaItemForm,
    MoveForm,
    add_form_errors,
)
from meetings.models import AgendaItem, Meeting
from members.permissions import secretariat_required

from .access import staff_meeting


def _moved_to(items, item_pk) -> str:
    """What a screen reader hears after a move: the item's new place in the list."""
    position = next(number for number, item in enumerate(items, 1) if item.pk == item_pk)
    return _("Moved to position %(position)s of %(count)s.") % {"position": position, "count": len(items)}


def _agenda_context(meeting, *, focus=None, form=None):
    items = list(meeting.agenda_items.order_by("position", "pk"))
    return {
        "meeting": meeting,
        "agenda_items": items,
        "announcement": _moved_to(items, focus["item"]) if focus else "",
        "focus": focus or {},
        "form": form or AgendaItemForm(),
        "can_edit_agenda": True,
    }


@secretariat_required
def agenda(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_edit_agenda)
    return render(request, "meetings/agenda.html", _agenda_context(meeting))


@require_POST
@secretariat_required
def agenda_add(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_edit_agenda)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Agenda item added."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/agenda.html", _agenda_context(meeting, form=form))


def _staff_item(request, pk) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    if not permissions.can_edit_agenda(request.user, item.meeting):
        raise PermissionDenied
    return item


@secretariat_required
def agenda_item_edit(request, pk):
    item = _staff_item(request, pk)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Agenda item saved."))
            return redirect("meetings:agenda", pk=item.meeting_id)
    return render(
        request, "meetings/agenda_item_form.html", {"item": item, "meeting": item.meeting, "form": form}
    )


@require_POST
@secretariat_required
def agenda_item_delete(request, pk):
    item = _staff_item(request, pk)
    services.delete_agenda_item(item=item)
    messages.success(request, _("Agenda item removed."))
    return redirect("meetings:agenda", pk=item.meeting_id)


@require_POST
@secretariat_required
def agenda_item_move(request, pk):
    item = _staff_item(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        direction = form.cleaned_data["direction"]
        services.move_agenda_item(item=item, direction=direction)
        if request.htmx:
            context = _agenda_context(item.meeting, focus={"item": item.pk, "direction": direction})
            return render(request, "meetings/agenda.html#agenda-list", context)
        items = list(item.meeting.agenda_items.order_by("position", "pk"))
        messages.success(request, _moved_to(items, item.pk))
    return redirect("meetings:agenda", pk=item.meeting_id)


@require_POST
@secretariat_required
def agenda_reorder(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_edit_agenda)
    try:
        order = [int(value) for value in request.POST.getlist("item")]
        services.reorder_agenda(meeting=meeting, item_ids=order)
    except (ValueError, ValidationError):
        messages.error(request, _("The agenda changed meanwhile; reload the page and try again."))
    if request.htmx:
        return render(request, "meetings/agenda.html#agenda-list", _agenda_context(meeting))
    return redirect("meetings:agenda", pk=meeting.pk)
