"""/me/subscriptions/: a person's groups × kinds, each with a choice of at once, daily digest or never."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.subscriptions import Subscription

from . import subscriptions


def field_name(group_id: int, kind: str) -> str:
    return f"g{group_id}-{kind}"


@login_required
def my_subscriptions(request):
    groups = list(subscriptions.groups_followed_by(request.user))
    if request.method == "POST":
        posted = {}
        for group in groups:
            for kind in Subscription.Kind.values:
                value = request.POST.get(field_name(group.pk, kind))
                if value is not None:
                    posted[(group.pk, kind)] = value
        if any(value not in Subscription.Choice.values for value in posted.values()):
            messages.error(request, _("Choose at once, daily digest or never for each line."))
        else:
            subscriptions.save_choices(user=request.user, group_ids=[g.pk for g in groups], choices=posted)
            messages.success(request, _("Your subscriptions were saved."))
            return redirect("groups:subscriptions")
    table = [
        (group, [(kind, label, choice, field_name(group.pk, kind)) for kind, label, choice in rows])
        for group, rows in subscriptions.choices_table(request.user, groups)
    ]
    return render(
        request,
        "groups/subscriptions.html",
        {"table": table, "options": Subscription.Choice.choices},
    )
