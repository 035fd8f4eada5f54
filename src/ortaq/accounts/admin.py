"""The technical administration site: for operators, not for methodologists (who have pages)."""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ortaq.accounts.models import ApiToken, Profile, RoleAssignment, User
from ortaq.accounts.services import account_delete, role_revoke
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from ortaq.core.errors import DomainError
from ortaq.core.roles import ScopeKind

# The administration site signs people in through the site's own sign-in page, with its limits
# on wrong passwords and its code by e-mail; its own form counted nothing.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


class ProfileInline(admin.StackedInline[Profile, User]):
    model = Profile
    can_delete = False
    raw_id_fields = ("school",)
    filter_horizontal = ("subjects",)


def place_of(assignment: RoleAssignment) -> str:
    """Name where a role is held: the country, a region, a district with its region, a school,
    or one object with its kind ("course “Formative assessment”"), never a type and an id."""
    if assignment.scope_kind != ScopeKind.OBJECT:
        return assignment.scope_label()
    kind = assignment.content_type.name if assignment.content_type else ""
    target = assignment.content_object
    if target is None:
        return _("%(kind)s no. %(id)s, since deleted") % {"kind": kind, "id": assignment.object_id}
    return _("%(kind)s “%(name)s”") % {"kind": kind, "name": target}


class RoleInline(ReadOnlyTabularInline[RoleAssignment, User]):
    """Her roles, by place. Roles are granted and taken away on her page of the site (audited,
    and limited to what the granting person may grant)."""

    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "place", "granted_by", "created_at")
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=gettext_lazy("where"))
    def place(self, obj: RoleAssignment) -> str:
        return place_of(obj)


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    """People. An account is never deleted from the database here (her posts, projects and
    certificates point at it): the "Delete" action anonymises it, as she can herself."""

    list_display = (
        "email",
        "last_name",
        "first_name",
        "is_active",
        "is_staff",
        "date_joined",
        "erased_at",
    )
    list_filter = ("is_active", "is_staff", "language", ("erased_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "last_name", "first_name")
    readonly_fields = ("site_page", "password", "last_login", "date_joined", "erased_at")
    exclude = ("groups", "user_permissions")
    inlines = (ProfileInline, RoleInline)
    actions = ("delete_accounts",)

    @admin.display(description=gettext_lazy("page on the site"))
    def site_page(self, obj: User) -> str:
        if obj._state.adding:
            return ""
        url = reverse("accounts:person", kwargs={"person_id": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Her page and roles"))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A SQL delete would take her projects with it, or fail on her certificates.
        return False

    @admin.action(
        description=gettext_lazy("Delete the selected accounts (anonymise them; posts stay)"),
        permissions=["change"],
    )
    def delete_accounts(self, request: AuthenticatedHttpRequest, queryset: QuerySet[User]) -> None:
        deleted = 0
        for user in queryset.order_by("pk"):
            try:
                account_delete(actor=request.user, user=user)
            except DomainError as exc:
                self.message_user(
                    request,
                    _("%(person)s: %(reason)s") % {"person": user.email, "reason": exc.message},
                    messages.ERROR,
                )
            else:
                deleted += 1
        if deleted:
            self.message_user(
                request,
                ngettext(
                    "%(count)s account was deleted.", "%(count)s accounts were deleted.", deleted
                )
                % {"count": deleted},
                messages.SUCCESS,
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "holder", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    # Only the digest of a token is stored, and is of no use to read: it is not shown.
    fields = ("name", "holder", "prefix", "last_used_at", "revoked_at")
    readonly_fields = ("holder", "prefix", "last_used_at")
    search_fields = ("user__email", "name")

    @admin.display(description=gettext_lazy("person"))
    def holder(self, obj: ApiToken) -> User:
        return obj.user


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin[RoleAssignment]):
    """Who holds which role where, with the place by name. A role is granted on the person's page
    of the site; taking roles away here goes through the same service, so it is audited and the
    last administrator of the country stays."""

    list_display = ("user", "role", "scope_kind", "place", "granted_by", "created_at")
    list_filter = ("role", "scope_kind", "region")
    search_fields = ("user__email", "user__last_name", "user__first_name")
    list_select_related = (
        "user",
        "region",
        "district__region",
        "school",
        "content_type",
        "granted_by",
    )
    fields = ("user", "role", "scope_kind", "place", "granted_by", "created_at")
    readonly_fields = ("place",)
    actions = ("revoke_roles",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        # The objects of "one object" roles (courses, circles…), fetched once per page.
        return super().get_queryset(request).prefetch_related("content_object")

    @admin.display(description=gettext_lazy("where"))
    def place(self, obj: RoleAssignment) -> str:
        return place_of(obj)

    @admin.action(description=gettext_lazy("Take away the selected roles"), permissions=["view"])
    def revoke_roles(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[RoleAssignment]
    ) -> None:
        revoked = 0
        for assignment in queryset.select_related("user").order_by("pk"):
            try:
                role_revoke(actor=request.user, assignment=assignment)
            except DomainError as exc:
                self.message_user(
                    request,
                    _("%(role)s: %(reason)s") % {"role": assignment, "reason": exc.message},
                    messages.ERROR,
                )
            else:
                revoked += 1
        if revoked:
            self.message_user(
                request,
                ngettext(
                    "%(count)s role was taken away.", "%(count)s roles were taken away.", revoked
                )
                % {"count": revoked},
                messages.SUCCESS,
            )
