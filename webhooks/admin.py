from django.contrib import admin

from .models import Delivery, Event, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["description", "url", "is_active", "created_at"]
    # The secret stays off the admin: it is shown once, on the staff page that makes it.
    exclude = ["secret"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["type", "object_key", "created_at"]
    list_filter = ["type"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "webhook", "status", "attempts", "response_code", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["event", "webhook"]
