"""/groups/<slug>/newsroom/subscribe/: a visitor asks for a group's press releases by email.

No account: double opt-in (press.public_subscriptions). The answer is the same whether the
address is new, waiting for confirmation or already subscribed, so the form tells nobody
who is subscribed. Requests are limited per visitor's address.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from members.enqueue import enqueue_now
from members.tasks import deliver_outbox

from . import public_subscriptions
from .forms import PublicSubscriptionForm


def client_ip(request) -> str:
    """The visitor's address, behind as many trusted proxies as configured."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def subscribe(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    language = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    form = PublicSubscriptionForm(request.POST or None, initial={"language": language})
    status = 200
    if request.method == "POST":
        if public_subscriptions.over_rate(client_ip(request)):
            form.add_error(None, _("Too many requests from your connection. Try again in an hour."))
            status = 429
        elif form.is_valid():
            public_subscriptions.request_subscription(
                group=group, email=form.cleaned_data["email"], language=form.cleaned_data["language"]
            )
            enqueue_now(deliver_outbox)  # the service committed: no transaction is open here
            messages.success(
                request,
                _(
                    "Thank you. If this address is not subscribed yet, an email is on its way to it: "
                    "follow its link to confirm. Nothing is sent until you do."
                ),
            )
            return redirect("press:subscribe", slug=group.slug)
        else:
            status = 400
    return render(request, "press/subscribe.html", {"group": group, "form": form}, status=status)
