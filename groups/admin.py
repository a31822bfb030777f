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
    fields = ["language", "status", "reference", "title", "published_at"]
    # Status and reference change only through the publishing workflow (numbering, PDF, cache).
    readonly_fields = ["status", "reference", "published_at"]
    show_change_link = True


@admin.register(PressReleaseSet)
class PressReleaseSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "created_at", "created_by"]
    list_filter = ["group"]
    search_fields = ["versions__title", "versions__reference", "group__provisional_name"]
    inlines = [PressReleaseInline]
    raw_id_fields = ["meeting"]


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "reference", "status", "published_at", "withdrawn_at"]
    list_filter = ["status", "language", "release_set__group"]
    search_fields = ["title", "reference", "summary", "body"]
    readonly_fields = [
        "status",
        "reference",
        "published_at",
        "corrected_at",
        "withdrawn_at",
        "changed_at",
        "pdf_etag",
        "pdf_made_at",
    ]
    date_hierarchy = "published_at"


@admin.register(PressReferenceCounter)
class PressReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "language", "last_number"]
    list_filter = ["language", "year"]
    search_fields = ["year"]
    readonly_fields = ["year", "language", "last_number"]
