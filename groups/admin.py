from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    JoinRequest,
    Membership,
    Officer,
    PressReferenceCounter,
    PressRelease,
    PressReleaseSet,
    WorkingGroup,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member_state"]


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    autocomplete_fields = ["member_state"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "provisional_name",
        "adopted_name",
        "acronym",
        "status",
        "established_on",
        "open_to_participation",
    ]
    list_filter = ["status", "open_to_participation"]
    search_fields = ["provisional_name", "adopted_name", "acronym", "mandate_reference"]
    prepopulated_fields = {"slug": ["provisional_name"]}
    inlines = [MembershipInline, OfficerInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member_state", "group", "since", "until"]
    list_filter = ["group", "until"]
    search_fields = ["member_state__name", "group__provisional_name"]
    autocomplete_fields = ["member_state", "group"]


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "role", "member_state", "group", "term_start", "term_end", "selection"]
    list_filter = ["role", "selection", "group"]
    search_fields = ["person_name", "member_state__name"]
    autocomplete_fields = ["member_state", "group"]


@admin.register(JoinRequest)
class JoinRequestAdmin(SimpleHistoryAdmin):
    list_display = [
        "member_state",
        "group",
        "status",
        "created_at",
        "requested_by",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "group"]
    search_fields = ["member_state__name", "requested_by__email", "reason"]
    autocomplete_fields = ["member_state", "group", "requested_by", "decided_by"]
    readonly_fields = ["created_at", "decided_at"]


class PressReleaseInline(admin.StackedInline):
    model = PressRelease
    extra = 0
    fields = ["language", "status", "reference", "title", "published_at", "corrected_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(PressReleaseSet)
class PressReleaseSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "meeting", "created_at"]
    list_filter = ["group"]
    inlines = [PressReleaseInline]
    raw_id_fields = ["meeting"]


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    """Read-only here: publishing, corrections and withdrawals go through the newsroom pages."""

    list_display = ["reference", "title", "language", "status", "published_at"]
    list_filter = ["status", "language", "release_set__group"]
    search_fields = ["reference", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PressReferenceCounter)
class PressReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "language", "last_number"]
    list_filter = ["year", "language"]
