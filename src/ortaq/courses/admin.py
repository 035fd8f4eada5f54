"""Courses in the administration site: looked up here, never written.

Trainers author courses on the site's own pages, whose services keep the outline's caches, the
offline packs, the running totals of the reports and the teachers' progress in step; enrolments
and packs are made by services too. So every course record is read-only here, with a link to
its page on the site.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from ortaq.courses.choices import PackStatus
from ortaq.courses.models import Activity, Cohort, Course, Enrollment, Module, OfflinePack


def course_page(course_id: int) -> str:
    return reverse("courses:course", kwargs={"course_id": course_id})


class ModuleInline(ReadOnlyTabularInline[Module, Course]):
    model = Module
    fields = ("position", "title")


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin[Course]):
    list_display = ("title", "language", "status", "hours", "opens_on", "closes_on", "published_at")
    list_filter = ("status", "language", "self_assessment", "published_at")
    search_fields = ("title",)
    fields = (
        "title",
        "language",
        "status",
        "site_pages",
        "summary",
        "hours",
        "subjects",
        "opens_on",
        "closes_on",
        "self_assessment",
        "reminder_days",
        "published_at",
    )
    readonly_fields = ("site_pages",)
    inlines = (ModuleInline,)

    def view_on_site(self, obj: Course) -> str:
        return course_page(obj.pk)

    @admin.display(description=gettext_lazy("on the site"))
    def site_pages(self, obj: Course) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            course_page(obj.pk),
            _("Course page"),
            reverse("courses:edit", kwargs={"course_id": obj.pk}),
            _("Edit the course"),
        )


class ActivityInline(ReadOnlyTabularInline[Activity, Module]):
    model = Activity
    fields = ("position", "kind", "title", "required", "minutes")
    show_change_link = False


@admin.register(Module)
class ModuleAdmin(ReadOnlyAdmin[Module]):
    list_display = ("title", "course", "position")
    list_filter = ("course__language", "course__status")
    search_fields = ("title", "course__title")
    list_select_related = ("course",)
    fields = ("course", "position", "title", "summary")
    inlines = (ActivityInline,)


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin[Cohort]):
    list_display = ("name", "course", "region", "starts_on", "ends_on")
    list_filter = ("region", "course__language", "starts_on")
    search_fields = ("name", "course__title")
    list_select_related = ("course", "region")
    fields = ("course", "name", "region", "starts_on", "ends_on", "created_at")


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin[Enrollment]):
    list_display = (
        "user",
        "course",
        "cohort",
        "status",
        "started_at",
        "last_progress_at",
        "completed_at",
    )
    list_filter = ("status", "course__language", "course", "completed_at")
    search_fields = ("user__email", "user__last_name", "user__first_name", "course__title")
    list_select_related = ("user", "course", "cohort")
    fields = (
        "user",
        "course",
        "cohort",
        "status",
        "created_at",
        "started_at",
        "last_progress_at",
        "reminded_at",
        "completed_at",
        "left_at",
    )
    # Teachers by the hundred thousand: no count of every row on each page.
    show_full_result_count = False


class PackStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in PackStatus.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(OfflinePack)
class OfflinePackAdmin(ReadOnlyAdmin[OfflinePack]):
    # The pack's fields carry no names of their own: the columns are named here.
    columns = ("of_course", "part", "videos", "content_version", "state", "file_size", "built")
    list_display = columns
    list_filter = (PackStatusFilter,)
    search_fields = ("course__title",)
    list_select_related = ("course", "module")
    fields = (*columns, "failure")
    readonly_fields = columns

    @admin.display(description=gettext_lazy("course"), ordering="course__title")
    def of_course(self, obj: OfflinePack) -> str:
        return obj.course.title

    @admin.display(description=gettext_lazy("module"))
    def part(self, obj: OfflinePack) -> str:
        return obj.module.title if obj.module else _("The whole course")

    @admin.display(description=gettext_lazy("with videos"), boolean=True)
    def videos(self, obj: OfflinePack) -> bool:
        return obj.with_videos

    @admin.display(description=gettext_lazy("content version"))
    def content_version(self, obj: OfflinePack) -> int:
        return obj.version

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: OfflinePack) -> str:
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("size"))
    def file_size(self, obj: OfflinePack) -> str:
        return filesizeformat(obj.size) if obj.size else ""

    @admin.display(description=gettext_lazy("made"), ordering="built_at")
    def built(self, obj: OfflinePack) -> Any:
        return obj.built_at
