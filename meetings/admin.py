from django.contrib import admin

from .models import AgendaItem, Attendance, Document, Meeting, MeetingDateChange, Observer, Presentation, Room


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "building", "capacity"]
    search_fields = ["name", "building"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DateChangeInline(admin.TabularInline):
    model = MeetingDateChange
    extra = 0
    readonly_fields = ["old_starts_at", "old_ends_at", "new_starts_at", "new_ends_at", "reason", "changed_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "starts_at", "status", "is_public"]
    list_filter = ["status", "group", "format"]
    search_fields = ["title"]
    readonly_fields = ["uid", "ics_sequence", "created_at", "updated_at"]
    inlines = [AgendaItemInline, DateChangeInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "meeting", "language", "is_public", "content_type", "size"]
    list_filter = ["is_public", "language"]
    search_fields = ["symbol", "title"]
    readonly_fields = ["number", "content_type", "size", "original_name", "uploaded_by", "uploaded_at"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "member_state", "status", "checked_in_by_delegate", "confirmed_by"]
    list_filter = ["status"]


admin.site.register(Presentation)
admin.site.register(Observer)
