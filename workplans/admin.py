from django.contrib import admin

from .models import Comment, CommentRound, WorkPlan, WorkPlanVersion


class VersionInline(admin.TabularInline):
    model = WorkPlanVersion
    extra = 0
    fields = ["number", "created_at", "author", "change_note", "frozen"]
    readonly_fields = fields


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "status", "period_start", "period_end"]
    list_filter = ["status", "group"]
    inlines = [VersionInline]


@admin.register(CommentRound)
class CommentRoundAdmin(admin.ModelAdmin):
    list_display = ["version", "opens_at", "closes_at", "closed_early_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["round", "member_state", "kind", "status", "disposition", "created_at"]
    list_filter = ["kind", "status", "disposition"]
    readonly_fields = ["body_html", "response_html", "idempotency_key", "revision"]
