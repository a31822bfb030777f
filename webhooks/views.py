"""Staff pages for webhooks: the list, register, edit, rotate the secret, test, the delivery log."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import secretariat_required

from . import services
from .forms import WebhookEditForm, WebhookForm
from .models import Delivery, Webhook


def _failed(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@secretariat_required
def webhook_list(request):
    return render(request, "webhooks/list.html", {"webhooks": Webhook.objects.order_by("description", "pk")})


@secretariat_required
def webhook_create(request):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = services.create_webhook(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            _failed(form, error)
        else:
            # The secret is shown on this answer only; it is never displayed again.
            return render(request, "webhooks/secret.html", {"webhook": webhook, "created": True})
    return render(request, "webhooks/form.html", {"form": form})


@secretariat_required
def webhook_detail(request, pk):
    webhook = get_object_or_404(Webhook, pk=pk)
    deliveries = (
        Delivery.objects.filter(webhook=webhook).select_related("event").order_by("-created_at", "-pk")
    )
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/detail.html",
        {
            "webhook": webhook,
            "page_obj": page,
            "deliveries": page.object_list,
            "zone": settings.PLENARY_DEFAULT_TIME_ZONE,
        },
    )


@secretariat_required
def webhook_edit(request, pk):
    webhook = get_object_or_404(Webhook, pk=pk)
    initial = {key: getattr(webhook, key) for key in ("url", "description", "events", "is_active")}
    form = WebhookEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_webhook(webhook=webhook, **form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The webhook was saved."))
            return redirect(webhook)
    return render(request, "webhooks/form.html", {"form": form, "webhook": webhook})


@require_POST
@secretariat_required
def webhook_rotate(request, pk):
    webhook = services.rotate_secret(webhook=get_object_or_404(Webhook, pk=pk))
    return render(request, "webhooks/secret.html", {"webhook": webhook, "created": False})


@require_POST
@secretariat_required
def webhook_test(request, pk):
    webhook = get_object_or_404(Webhook, pk=pk)
    services.send_test_event(webhook=webhook, by=request.user)
    messages.success(request, _("A test event is on its way; its delivery appears below."))
    return redirect(webhook)


@require_POST
@secretariat_required
def webhook_delete(request, pk):
    webhook = get_object_or_404(Webhook, pk=pk)
    services.delete_webhook(webhook=webhook)
    messages.success(request, _("The webhook %(name)s was deleted.") % {"name": webhook.description})
    return redirect("webhooks:list")


@require_POST
@secretariat_required
def delivery_retry(request, pk):
    delivery = get_object_or_404(Delivery.objects.select_related("webhook"), pk=pk)
    if services.retry_now(delivery=delivery):
        messages.success(request, _("The delivery will be tried again within a minute."))
    else:
        messages.error(request, _("This delivery is being sent or has been delivered."))
    return redirect(delivery.webhook)
