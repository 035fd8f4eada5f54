from django.contrib import admin

from ortaq.journal.models import (
    Author,
    Call,
    Decision,
    Issue,
    Journal,
    Placement,
    Review,
    Section,
    Submission,
    Version,
)


@admin.register(Journal)
class JournalAdmin(admin.ModelAdmin[Journal]):
    list_display = ("title_kk", "title_ru", "issn", "association")
    search_fields = ("title_kk", "title_ru", "title_en", "issn")
    raw_id_fields = ("association",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ("journal", "year", "deadline", "closed_at")
    raw_id_fields = ("journal",)


class AuthorInline(admin.TabularInline[Author, Submission]):
    model = Author
    raw_id_fields = ("user",)
    extra = 0


class VersionInline(admin.StackedInline[Version, Submission]):
    model = Version
    extra = 0
    readonly_fields = ("created_at",)
    raw_id_fields = ("created_by",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ("title_kk", "journal", "kind", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title_kk", "title_ru", "title_en")
    raw_id_fields = ("journal", "call", "submitted_by")
    inlines = (AuthorInline, VersionInline)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ("submission", "name", "recommendation", "assigned_at", "sent_at")
    raw_id_fields = ("submission", "reviewer", "assigned_by")
    exclude = ("token_hash",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    list_display = ("submission", "outcome", "decided_at")
    raw_id_fields = ("submission", "decided_by")


class SectionInline(admin.TabularInline[Section, Issue]):
    model = Section
    extra = 0


class PlacementInline(admin.TabularInline[Placement, Issue]):
    model = Placement
    extra = 0
    raw_id_fields = ("submission", "section")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin[Issue]):
    list_display = ("journal", "year", "number", "published_at", "pages")
    raw_id_fields = ("journal",)
    inlines = (SectionInline, PlacementInline)
