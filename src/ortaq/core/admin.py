"""The administration site as a whole: its titles, the read-only base for records that only
services write, and core's own records (subjects, the audit log)."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.contrib import admin
from django.db.models import Field, Model
from django.forms import Field as FormField
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from ortaq.core.models import AuditEvent, SentMail, Subject

if TYPE_CHECKING:
    # Only for the type checker: django-stubs-ext is not needed to run Ortaq.
    from django_stubs_ext import StrOrPromise

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


class LabelledAdmin(admin.ModelAdmin[_M]):
    """An editable record whose model leaves some fields unnamed (``created_by``…): their labels
    are given here, translated, instead of the field's English name."""

    field_labels: ClassVar[Mapping[str, "StrOrPromise"]] = {}

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> FormField | None:
        if db_field.name in self.field_labels:
            kwargs["label"] = capfirst(self.field_labels[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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


@admin.register(SentMail)
class SentMailAdmin(ReadOnlyAdmin[SentMail]):
    """E-mails that go once (a certificate ready, a course completed, a reflection returned):
    what was sent and when, to answer "did she get it?"."""

    list_display = ("key", "sent_at")
    search_fields = ("key",)
    date_hierarchy = "sent_at"
    show_full_result_count = False


# The background tasks' results, as django-tasks-db shows them, with the columns it leaves
# unnamed (the id, the task, its traceback) named in the reader's language.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (  # type: ignore[assignment]
        "task",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [name for name in super().get_readonly_fields(request, obj) if name != "id"]
        return ["task", *fields]

    @admin.display(description=_("task"))
    def task(self, obj: DBTaskResult[Any, Any]) -> str:
        return str(obj.task_name)

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult[Any, Any]) -> str:
        return str(super().formatted_traceback(obj))

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult[Any, Any]) -> Any:
        return super().display_run_after(obj)
