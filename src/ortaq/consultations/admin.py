"""Teachers' questions in the administration site: read-only.

Methodologists answer, close and publish questions on the site's own pages, whose services
e-mail the asker, measure waiting times and clear the public version of names.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.consultations.models import Answer, Question
from ortaq.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from ortaq.schools.models import District


class AnswerInline(ReadOnlyTabularInline[Answer, Question]):
    model = Answer
    fields = ("written_by", "body", "created_at")
    readonly_fields = ("written_by",)
    show_change_link = False

    @admin.display(description=gettext_lazy("author"))
    def written_by(self, obj: Answer) -> User | None:
        return obj.author


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin[Question]):
    list_display = (
        "title",
        "topic",
        "status",
        "region",
        "of_district",
        "created_at",
        "answered_at",
        "published_at",
    )
    list_filter = ("status", "topic", "small_scale", "region", "created_at")
    search_fields = ("title", "public_title")
    list_select_related = ("region", "district")
    fields = (
        "title",
        "topic",
        "status",
        "asker",
        "region",
        "small_scale",
        "created_at",
        "answered_at",
        "closed_at",
        "body",
        "published_at",
        "public_title",
        "public_body",
        "public_answer",
    )
    inlines = (AnswerInline,)

    @admin.display(description=gettext_lazy("district"), ordering="district")
    def of_district(self, obj: Question) -> District | None:
        return obj.district
