"""/staff/sent-mail/: what the outbox sent to whom, about what, filtered by group, kind and status.

It lives in groups, above members' outbox, because the rows carry a group's id and the page
names the group. Undelivered rows are sent again from members' undelivered-mail page.
"""

from django.conf import settings
from django.views.generic import ListView

from members.models import OutboxMessage
from members.permissions import SecretariatRequiredMixin

from .models import WorkingGroup


class SentMailView(SecretariatRequiredMixin, ListView):
    template_name = "groups/sent_mail.html"
    context_object_name = "rows"
    paginate_by = 100

    def filters(self) -> dict:
        """The query's filters, each ignored when it is not one of the offered values."""
        chosen = {}
        group = self.request.GET.get("group", "")
        if group.isdigit() and int(group) in self.groups:
            chosen["group_id"] = int(group)
        kind = self.request.GET.get("kind", "")
        if kind in self.kinds:
            chosen["kind"] = kind
        status = self.request.GET.get("status", "")
        if status in OutboxMessage.Status.values:
            chosen["status"] = status
        return chosen

    def get_queryset(self):
        self.groups = {group.pk: group.name for group in WorkingGroup.objects.order_by("pk")}
        self.kinds = sorted(OutboxMessage.objects.order_by().values_list("kind", flat=True).distinct())
        self.chosen = self.filters()
        return (
            OutboxMessage.objects.filter(**self.chosen)
            .select_related("recipient", "subscriber")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["rows"]:
            row.group_name = self.groups.get(row.group_id, "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            zone=settings.PLENARY_DEFAULT_TIME_ZONE,
            groups=sorted(self.groups.items(), key=lambda pair: str(pair[1])),
            kinds=self.kinds,
            statuses=OutboxMessage.Status.choices,
            chosen=self.chosen,
            query=query.urlencode(),
        )
        return context
