from django.contrib import admin

from .models import PressReferenceCounter, PressRelease, PressReleaseSet


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
