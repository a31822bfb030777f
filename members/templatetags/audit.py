"""`{% change_history record %}`: what changed, who, when — shown to secretariat staff only."""

from django import template
from django.apps import apps
from django.utils.translation import gettext as _

from members.audit import changes, changes_of
from members.permissions import is_secretariat

register = template.Library()


@register.inclusion_tag("members/_change_history.html", takes_context=True)
def change_history(context, record, limit=20, title=None):
    request = context.get("request")
    if record is None or request is None or not is_secretariat(request.user):
        return {"entries": None}
    return {
        "entries": changes(record, limit=limit),
        "record": record,
        "anchor": f"history-{record._meta.model_name}",
        "title": _("History of changes") if title is None else title,
    }


@register.inclusion_tag("members/_change_history.html", takes_context=True)
def changes_history_of(context, label, title, subject, limit=30, **lookups):
    """`{% changes_history_of "meetings.Document" _("History of the papers") "symbol" meeting_id=meeting.pk %}`:
    the changes of every record of a list page in one query, each naming its record."""
    request = context.get("request")
    if request is None or not is_secretariat(request.user):
        return {"entries": None}
    model = apps.get_model(label)
    return {
        "entries": changes_of(model, subject=subject, limit=limit, **lookups),
        "title": title,
        "anchor": f"history-{model._meta.model_name}",
    }
