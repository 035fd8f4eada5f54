from typing import ClassVar

from django.contrib import admin
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.communities.models import Attendance, Circle, Meeting, Membership, Project, Thread
from ortaq.core.admin import LabelledAdmin, ReadOnlyAdmin, ReadOnlyTabularInline


@admin.register(Circle)
class CircleAdmin(LabelledAdmin[Circle]):
    list_display = ("name", "kind", "region", "district", "visibility", "archived_at")
    list_filter = ("kind", "visibility", "region")
    search_fields = ("name",)
    raw_id_fields = ("school", "district", "created_by")
    filter_horizontal = ("schools",)
    field_labels: ClassVar = {"created_by": gettext_lazy("created by")}


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin[Membership]):
    """Who is in which circle. Facilitators invite, accept and remove members on the circle's
    page, whose services keep a facilitator in every active circle and e-mail the people."""

    list_display = ("user", "circle", "role", "status", "joined_at")
    list_filter = ("status", "role", "circle__kind", "circle__region")
    search_fields = ("user__email", "user__last_name", "circle__name")
    list_select_related = ("user", "circle")
    fields = ("circle", "user", "role", "status", "notify", "message", "joined_at", "created_at")


class AttendanceInline(ReadOnlyTabularInline[Attendance, Meeting]):
    """Who came, as the facilitator recorded it on the meeting's page."""

    model = Attendance
    fields = ("person", "present")
    readonly_fields = ("person",)
    show_change_link = False

    @admin.display(description=gettext_lazy("person"))
    def person(self, obj: Attendance) -> User:
        return obj.user


@admin.register(Meeting)
class MeetingAdmin(LabelledAdmin[Meeting]):
    list_display = ("circle", "starts_at", "place", "cancelled_at")
    list_filter = ("starts_at", "cancelled_at")
    search_fields = ("circle__name", "place")
    list_select_related = ("circle",)
    raw_id_fields = ("circle", "notes_by", "created_by")
    inlines = (AttendanceInline,)
    field_labels: ClassVar = {
        "notes_by": gettext_lazy("notes by"),
        "created_by": gettext_lazy("created by"),
    }


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ("title", "circle", "post_count", "last_post_at", "pinned_at")
    raw_id_fields = ("circle", "author", "pinned_by")


@admin.register(Project)
class ProjectAdmin(LabelledAdmin[Project]):
    list_display = ("title", "owner", "circle", "stage", "status")
    list_filter = ("stage", "status")
    raw_id_fields = ("owner", "circle", "subject", "accepted_by")
    field_labels: ClassVar = {"accepted_by": gettext_lazy("accepted by")}
