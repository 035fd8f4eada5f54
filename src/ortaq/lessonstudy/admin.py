"""Lesson Study in the administration site: groups, cycles, reports and participations, read
only.

Every write goes through the group's pages (the services check who may take each step), and a
cycle's working material (plans, observation notes, interviews, discussions) is for its group
alone (decision 0020): it is not listed here at all, so that an administrator browsing the
site does not read the notes on a colleague's lesson.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ortaq.core.admin import ReadOnlyAdmin
from ortaq.lessonstudy.models import Cycle, Group, Participation, Report


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin[Group]):
    list_display = ("circle", "association", "knowledgeable_other", "created_at")
    search_fields = ("circle__name", "association__name_kk", "association__name_ru")
    fields = ("circle", "association", "knowledgeable_other", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return (
            super()
            .get_queryset(request)
            .select_related("circle", "association", "knowledgeable_other")
        )


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin[Cycle]):
    list_display = ("title", "group", "step", "created_at")
    list_filter = ("step",)
    search_fields = ("title",)
    fields = ("title", "group", "step", "subject", "grades", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cycle]:
        return super().get_queryset(request).select_related("group__circle")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = ("title", "cycle", "language", "status", "published_at")
    list_filter = ("status", "language")
    search_fields = ("title",)
    fields = ("title", "cycle", "language", "status", "published_at", "published_by", "pdf")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("cycle")


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin[Participation]):
    list_display = ("user", "cycle", "role", "hours")
    list_filter = ("role",)
    search_fields = ("user__email", "cycle__title")
    fields = ("user", "cycle", "role", "hours")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participation]:
        return super().get_queryset(request).select_related("user", "cycle")
