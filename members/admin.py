from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccreditationRequest,
    Delegate,
    DigestItem,
    Invitation,
    MemberState,
    OutboxMessage,
    PermanentMission,
    PublicSubscriber,
    SecretariatUnit,
    Subscription,
    User,
)
from .page_revision import PageRevision
from .translation_status import TranslationStamp, snapshot, stamp_edit


class StampTranslationsAdmin:
    """Translations saved in the admin are stamped as the staff forms' are (members.translation_status)."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        stamp_edit(obj=obj, before=before, by=request.user)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language", "receives_reminders")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(MemberState)
class MemberStateAdmin(StampTranslationsAdmin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "iso2", "iso3", "status", "status_since", "member_since"]
    list_filter = ["status"]
    search_fields = ["name", "name_es", "name_fr", "name_pt", "iso2", "iso3"]
    inlines = [DelegateInline]


@admin.register(PermanentMission)
class PermanentMissionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member_state", "email", "phone"]
    list_filter = ["member_state__status"]
    search_fields = ["name", "member_state__name", "email"]


@admin.register(Delegate)
class DelegateAdmin(SimpleHistoryAdmin):
    list_display = ["user", "member_state", "title", "start_date", "end_date"]
    list_filter = ["title", "member_state", "end_date"]
    search_fields = ["user__email", "user__full_name", "member_state__name"]
    autocomplete_fields = ["user", "member_state"]
    date_hierarchy = "start_date"


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    # Invitations are sent and used from the mission pages; the admin only reads them.
    list_display = ["full_name", "email", "member_state", "title", "status", "created_at", "expires_at"]
    list_filter = ["status", "member_state"]
    search_fields = ["email", "full_name", "member_state__name"]
    readonly_fields = [field.name for field in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AccreditationRequest)
class AccreditationRequestAdmin(SimpleHistoryAdmin):
    list_display = ["user", "member_state", "title", "status", "created_at", "decided_at"]
    list_filter = ["status", "member_state"]
    search_fields = ["user__email", "user__full_name", "member_state__name"]
    readonly_fields = [field.name for field in AccreditationRequest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SecretariatUnit)
class SecretariatUnitAdmin(StampTranslationsAdmin, TranslationAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["staff"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "subject_key",
        "recipient",
        "subscriber",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject_key", "recipient__email", "subscriber__email"]
    list_select_related = ["recipient", "subscriber"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "group_id", "kind", "choice"]
    list_filter = ["kind", "choice"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(PublicSubscriber)
class PublicSubscriberAdmin(admin.ModelAdmin):
    """Visitors subscribed to a group's press releases; the link key is never shown."""

    list_display = ["email", "group_id", "language", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language"]
    search_fields = ["email"]
    exclude = ["nonce"]
    readonly_fields = ["requested_at", "confirmed_at"]


@admin.register(DigestItem)
class DigestItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject_key", "recipient", "created_at", "digest"]
    list_filter = ["kind"]
    search_fields = ["subject_key", "recipient__email"]
    list_select_related = ["recipient", "digest"]
    readonly_fields = [field.name for field in DigestItem._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(TranslationStamp)
class TranslationStampAdmin(admin.ModelAdmin):
    """Read-only: stamps are written by the services that save translations."""

    list_display = ["content_type", "object_id", "field", "language", "translated_at", "translated_by"]
    list_filter = ["language", "content_type"]
    search_fields = ["field", "language", "translated_by__email"]
    list_select_related = ["content_type", "translated_by"]
    readonly_fields = [field.name for field in TranslationStamp._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PageRevision)
class PageRevisionAdmin(admin.ModelAdmin):
    """Read-only: written by database triggers (members.page_revision), shown for diagnosis."""

    list_display = ["id", "revision"]
    search_fields = ["revision"]
    readonly_fields = ["id", "revision"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
