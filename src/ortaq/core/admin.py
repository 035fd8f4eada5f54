"""The administration site as a whole: its titles, the read-only base for records that only
services write, and core's own records (subjects, the audit log)."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ortaq.core.models import AuditEvent, Subject

# Django's defaults name Django ("Django administration"), and its Kazakh catalogue spelled that
# "Даңғо әкімшілігі": the site names itself, in the reader's language.
admin.site.site_header = _("Ortaq: administration")
admin.site.site_title = _("Ortaq administration")
admin.site.index_title = _("Records by section")

_M = TypeVar("_M", bound=Model)
_P = TypeVar("_P", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Show records that only the site's services may write (they audit, keep caches and
    running totals in step, e-mail people): an administrator looks them up here and acts on the
    site's own pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyTabularInline(admin.TabularInline[_M, _P]):
    """Rows of a record, shown beside it and never written here (see ReadOnlyAdmin)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin[Subject]):
    list_display = ("code", "name_kk", "name_ru", "name_en", "position")
    search_fields = ("code", "name_kk", "name_ru", "name_en")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The audit log: append-only (the model and a database trigger refuse changes), so nothing
    here adds, changes or removes an event."""

    list_display = ("at", "actor", "action", "person", "object_label", "reason")
    list_filter = ("action", "at")
    search_fields = ("object_label", "reason", "actor__email", "person__email")
    list_select_related = ("actor", "person")
    date_hierarchy = "at"
    fields = ("at", "actor", "action", "person", "object_label", "reason", "details")
    # The log grows by every privileged act: no count of all rows on each page.
    show_full_result_count = False
