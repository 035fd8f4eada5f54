from django.contrib import admin

from ortaq.communities.models import Circle, Meeting, Project, Thread


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin[Circle]):
    list_display = ("name", "kind", "region", "district", "visibility", "archived_at")
    list_filter = ("kind", "visibility", "region")
    search_fields = ("name",)
    raw_id_fields = ("school", "district", "created_by")
    filter_horizontal = ("schools",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("circle", "starts_at", "place", "cancelled_at")
    raw_id_fields = ("circle", "notes_by", "created_by")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ("title", "circle", "post_count", "last_post_at", "pinned_at")
    raw_id_fields = ("circle", "author", "pinned_by")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("title", "owner", "circle", "stage", "status")
    list_filter = ("stage", "status")
    raw_id_fields = ("owner", "circle", "subject", "accepted_by")
