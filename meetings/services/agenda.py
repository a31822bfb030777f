"""Workflows on a meeting's agenda: add, edit, remove, reorder items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from meetings.models import (
    AgendaItem,
    Meeting,
)
from members.translation_status import snapshot, stamp_edit


def _check_agenda_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The agenda of a cancelled meeting cannot be changed."))


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str = "", by=None, **fields) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_agenda_editable(meeting)
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, title=title, **fields)
    item.full_clean()
    item.save()
    # Translations typed with the original are written against it: stamped, so the status page knows.
    stamp_edit(obj=item, before={}, by=by)
    return item


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, by=None, **fields) -> AgendaItem:
    _check_agenda_editable(item.meeting)
    before = snapshot(AgendaItem.objects.get(pk=item.pk))
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    stamp_edit(obj=item, before=before, by=by)
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    _check_agenda_editable(item.meeting)
    meeting = item.meeting
    item.delete()
    _renumber(list(meeting.agenda_items.order_by("position", "pk")))


def _renumber(items: list[AgendaItem]) -> None:
    for index, item in enumerate(items, start=1):
        item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def reorder_agenda(*, meeting: Meeting, item_ids: list[int]) -> list[AgendaItem]:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_agenda_editable(meeting)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("The agenda changed meanwhile; reload the page and try again."))
    ordered = [items[pk] for pk in item_ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Move one item up or down by one place (the keyboard way to reorder)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."))
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_agenda_editable(meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)
    return items
