"""Work plans in the admin: a window on the records, with light corrections.

Plans, versions, rounds and comments are created through the app's pages, whose services number
versions, keep paragraph identities, freeze adopted texts, sanitise comments, send the round notices
and make the matrix PDFs. So the admin adds none of them, and what a workflow owns is read-only here.
"""

from django.contrib import admin

from meetings.admin import NoAddAdmin, ViewOnlyAdmin, ViewOnlyTabularInline

from .models import (
    Activity,
    Comment,
    CommentRound,
    MatrixExport,
    Paragraph,
    ParagraphTranslation,
    RoundNotice,
    Section,
    SectionTranslation,
    VersionPrint,
    WorkPlan,
    WorkPlanVersion,
)


class VersionInline(ViewOnlyTabularInline):
    model = WorkPlanVersion
    fields = ["number", "created_at", "author", "change_note", "frozen"]


@admin.register(WorkPlan)
class WorkPlanAdmin(NoAddAdmin):
    list_display = ["title", "group", "status", "period_start", "period_end", "proposed_by", "adopted_on"]
    list_filter = ["status", "proposed_by", "group"]
    list_select_related = ["group"]
    search_fields = ["title", "decision_text", "group__provisional_name", "proposer_state__name"]
    date_hierarchy = "period_start"
    autocomplete_fields = ["proposer_state"]
    # Consultation, revision and adoption (with its frozen version and decision) are workflow steps.
    readonly_fields = [
        "group",
        "status",
        "adopted_version",
        "adopted_on",
        "adopted_at",
        "decision_text",
        "created_at",
    ]
    inlines = [VersionInline]


class SectionInline(ViewOnlyTabularInline):
    model = Section
    fields = ["number", "heading"]
    show_change_link = False


class ActivityInline(ViewOnlyTabularInline):
    model = Activity
    fields = ["position", "objective", "activity", "responsible", "timeline"]
    show_change_link = False


@admin.register(WorkPlanVersion)
class WorkPlanVersionAdmin(ViewOnlyAdmin):
    # The text is saved by save_version_body: it keeps paragraph identities and refuses frozen versions.
    list_display = ["__str__", "plan", "number", "author", "created_at", "frozen", "body_revision"]
    list_filter = ["frozen", "plan__status", "plan__group"]
    list_select_related = ["plan", "author"]
    search_fields = ["plan__title", "change_note"]
    date_hierarchy = "created_at"
    inlines = [SectionInline, ActivityInline]


@admin.register(Section)
class SectionAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "version", "number"]
    list_filter = ["version__frozen"]
    list_select_related = ["version__plan"]
    search_fields = ["heading", "version__plan__title"]


@admin.register(Paragraph)
class ParagraphAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "version", "section", "number"]
    list_filter = ["version__frozen"]
    list_select_related = ["version__plan", "section"]
    search_fields = ["text", "version__plan__title"]


@admin.register(Activity)
class ActivityAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "version", "position", "responsible", "timeline"]
    list_filter = ["version__frozen"]
    list_select_related = ["version__plan"]
    search_fields = ["objective", "activity", "responsible", "version__plan__title"]


class RoundNoticeInline(ViewOnlyTabularInline):
    model = RoundNotice
    fields = ["kind", "key", "created_at", "recipient_count"]


@admin.register(CommentRound)
class CommentRoundAdmin(NoAddAdmin):
    list_display = [
        "__str__",
        "opens_at",
        "closes_at",
        "closed_early_at",
        "open_to_observers",
        "comments_visible_while_open",
        "accepts_late",
    ]
    list_filter = ["open_to_observers", "comments_visible_while_open", "accepts_late", "version__plan__group"]
    list_select_related = ["version__plan"]
    search_fields = ["version__plan__title"]
    date_hierarchy = "opens_at"
    # Opening notifies the delegations; a later deadline goes through extend_round (which tells them)
    # and an early close through close_round_early.
    readonly_fields = ["version", "opens_at", "closes_at", "closed_early_at", "created_by", "created_at"]
    inlines = [RoundNoticeInline]


@admin.register(Comment)
class CommentAdmin(ViewOnlyAdmin):
    # A delegation's statement: changed only by its authors (with the revision check) or disposed of
    # on the round's page, both of which keep the sanitised HTML in step with the text.
    list_display = [
        "__str__",
        "round",
        "member_state",
        "kind",
        "status",
        "is_late",
        "disposition",
        "created_at",
    ]
    list_filter = ["kind", "status", "disposition", "is_late"]
    list_select_related = ["round__version__plan", "member_state", "paragraph", "section"]
    search_fields = ["body", "proposed_text", "response", "member_state__name", "author__email"]
    date_hierarchy = "created_at"
    exclude = ["body_html", "response_html"]


@admin.register(RoundNotice)
class RoundNoticeAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "round", "kind", "created_at", "recipient_count"]
    list_filter = ["kind"]
    list_select_related = ["round__version__plan"]
    search_fields = ["key", "round__version__plan__title"]
    date_hierarchy = "created_at"


@admin.register(MatrixExport)
class MatrixExportAdmin(ViewOnlyAdmin):
    # Made on request for one person; after deleting one, the person asks for a new one.
    may_delete = True
    list_display = ["__str__", "round", "requested_by", "language", "status", "created_at", "render_seconds"]
    list_filter = ["status", "language"]
    list_select_related = ["round__version__plan", "requested_by"]
    search_fields = ["requested_by__email", "round__version__plan__title"]
    date_hierarchy = "created_at"


@admin.register(VersionPrint)
class VersionPrintAdmin(ViewOnlyAdmin):
    # Deleting one is safe: the next reader to ask for that PDF has a worker make it again.
    may_delete = True
    list_display = ["__str__", "language", "requested_at", "made_at"]
    list_filter = ["language"]
    list_select_related = ["version__plan"]
    search_fields = ["version__plan__title"]
    date_hierarchy = "requested_at"


@admin.register(SectionTranslation)
class SectionTranslationAdmin(ViewOnlyAdmin):
    # Entered on the version's translation page, beside the original.
    list_display = ["section", "language", "heading", "updated_by", "updated_at"]
    list_filter = ["language"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["heading"]


@admin.register(ParagraphTranslation)
class ParagraphTranslationAdmin(ViewOnlyAdmin):
    list_display = ["paragraph", "language", "updated_by", "updated_at"]
    list_filter = ["language"]
    list_select_related = ["paragraph", "updated_by"]
    search_fields = ["text"]
