"""Associations of schools in the administration site: read-only, with links to their pages.

Coordinators and the region's methodologists keep an association on its own pages, whose
services audit appointments, keep a coordinator in every association and check that member
schools are of its region.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from ortaq.networks.models import Appointment, Association, MemberSchool, NewsPost
from ortaq.schools.models import School


class MemberSchoolInline(ReadOnlyTabularInline[MemberSchool, Association]):
    model = MemberSchool
    fields = ("member", "added_at")
    readonly_fields = ("member", "added_at")
    show_change_link = False

    @admin.display(description=gettext_lazy("school"))
    def member(self, obj: MemberSchool) -> School:
        return obj.school


class AppointmentInline(ReadOnlyTabularInline[Appointment, Association]):
    model = Appointment
    fields = ("person", "role", "appointed_at")
    readonly_fields = ("person", "role", "appointed_at")
    show_change_link = False

    @admin.display(description=gettext_lazy("person"))
    def person(self, obj: Appointment) -> User:
        return obj.user


def _site(association: Association) -> str:
    return reverse("networks:association", kwargs={"slug": association.slug})


@admin.register(Association)
class AssociationAdmin(ReadOnlyAdmin[Association]):
    list_display = ("slug", "name_kk", "name_ru", "region", "created_at")
    list_filter = ("region",)
    search_fields = ("slug", "name_kk", "name_ru", "name_en")
    list_select_related = ("region",)
    fields = (
        "slug",
        "site_pages",
        "region",
        "name_kk",
        "name_ru",
        "name_en",
        "about_kk",
        "about_ru",
        "about_en",
        "created_at",
    )
    readonly_fields = ("site_pages", "created_at")
    inlines = (MemberSchoolInline, AppointmentInline)

    def view_on_site(self, obj: Association) -> str:
        return _site(obj)

    @admin.display(description=gettext_lazy("on the site"))
    def site_pages(self, obj: Association) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            _site(obj),
            _("The association's page"),
            reverse("networks:schools", kwargs={"slug": obj.slug}),
            _("Member schools"),
            reverse("networks:people", kwargs={"slug": obj.slug}),
            _("Coordinators and editor"),
        )


@admin.register(NewsPost)
class NewsPostAdmin(ReadOnlyAdmin[NewsPost]):
    list_display = ("title", "association", "language", "created_at")
    list_filter = ("language", "created_at")
    search_fields = ("title", "association__slug")
    list_select_related = ("association",)
    fields = ("title", "association", "language", "author", "created_at", "updated_at", "body")
    readonly_fields = ("created_at", "updated_at")

    def view_on_site(self, obj: NewsPost) -> str:
        return reverse("networks:news", kwargs={"slug": obj.association.slug, "news_id": obj.pk})
