from django.contrib import admin

from .models import Delivery, Event, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["description", "url", "is_active", "created_at"]
    search_fields = ["description", "url"]
    # The secret stays off the admin: it is shown once, on the staff page that makes it. The URL
    # is checked against private addresses by the staff pages (webhooks.services), so it is read-only here.
    exclude = ["secret"]
    readonly_fields = ["url", "created_by", "created_at", "secret_made_at"]

    def has_add_permission(self, request):
        return False


class RecordOnly(admin.ModelAdmin):
    """Events and deliveries are the record of what was sent: read, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(RecordOnly):
    list_display = ["type", "object_key", "created_at"]
    list_filter = ["type"]
    search_fields = ["object_key", "id"]


@admin.register(Delivery)
class DeliveryAdmin(RecordOnly):
    list_display = ["event", "webhook", "status", "attempts", "response_code", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["event", "webhook"]
    search_fields = ["event__object_key", "webhook__description"]
