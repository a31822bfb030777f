"""`{% change_history record %}`: what changed, who, when — shown to secretariat staff only."""

from django import template

from members.audit import changes
from members.permissions import is_secretariat

register = template.Library()


@register.inclusion_tag("members/_change_history.html", takes_context=True)
def change_history(context, record, limit=20):
    request = context.get("request")
    if record is None or request is None or not is_secretariat(request.user):
        return {"entries": None}
    return {"entries": changes(record, limit=limit), "record": record}
