from typing import ClassVar

from django.contrib import admin

from ortaq.events.models import (
    Attendance,
    Contribution,
    ContributionAuthor,
    Event,
    Feedback,
    Material,
    Question,
    Registration,
    Review,
    ReviewAssignment,
    Session,
    Slot,
    Staff,
    Team,
)


class StaffInline(admin.TabularInline[Staff, Event]):
    model = Staff
    extra = 0
    raw_id_fields = ("user", "added_by")


class QuestionInline(admin.TabularInline[Question, Event]):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("slug", "kind", "status", "starts_at", "organiser_kind", "capacity")
    list_filter = ("kind", "status", "mode", "organiser_kind")
    search_fields = ("slug", "title_kk", "title_ru", "title_en")
    raw_id_fields = (
        "organiser_person",
        "organiser_school",
        "organiser_association",
        "region",
        "district",
        "audience_region",
        "created_by",
    )
    inlines: ClassVar = [StaffInline, QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ("event", "user", "role", "status", "created_at", "offer_expires_at")
    list_filter = ("status", "role")
    raw_id_fields = ("event", "user")
    search_fields = ("user__email", "event__slug")
    exclude = ("join_key",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ("event", "user", "source", "minutes", "recorded_at")
    list_filter = ("source",)
    raw_id_fields = ("event", "user", "recorded_by")


class AuthorInline(admin.TabularInline[ContributionAuthor, Contribution]):
    model = ContributionAuthor
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ("title", "event", "kind", "status", "language")
    list_filter = ("kind", "status")
    raw_id_fields = ("event", "submitted_by", "decided_by")
    inlines: ClassVar = [AuthorInline]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin[ReviewAssignment]):
    list_display = ("contribution", "reviewer", "assigned_at")
    raw_id_fields = ("contribution", "reviewer", "assigned_by")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ("assignment", "recommendation", "created_at")
    raw_id_fields = ("assignment",)


class SlotInline(admin.TabularInline[Slot, Session]):
    model = Slot
    extra = 0
    raw_id_fields = ("contribution",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ("event", "kind", "title", "starts_at", "ends_at")
    list_filter = ("kind",)
    raw_id_fields = ("event", "chairs")
    inlines: ClassVar = [SlotInline]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin[Material]):
    list_display = ("event", "kind", "title", "created_at")
    raw_id_fields = ("event", "contribution", "uploaded_by")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("event", "user", "rating", "created_at")
    raw_id_fields = ("event", "user")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("event", "name", "school", "pupils", "grades", "status")
    list_filter = ("status",)
    raw_id_fields = ("event", "school", "applied_by", "teachers")
