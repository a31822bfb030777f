from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.admin import StampTranslationsAdmin

from .models import JoinRequest, Membership, Officer, WorkingGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member_state"]


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    autocomplete_fields = ["member_state"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(StampTranslationsAdmin, SimpleHistoryAdmin, TranslationAdmin):
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
