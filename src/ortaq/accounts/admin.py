"""The technical administration site: for operators, not for methodologists (who have pages)."""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ortaq.accounts.models import ApiToken, Profile, RoleAssignment, User
from ortaq.accounts.services import account_delete
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError

# The administration site signs people in through the site's own sign-in page, with its limits
# on wrong passwords and its code by e-mail; its own form counted nothing.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


class ProfileInline(admin.StackedInline[Profile, User]):
    model = Profile
    can_delete = False
    raw_id_fields = ("school",)
    filter_horizontal = ("subjects",)


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("region", "district", "school", "granted_by")


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
    readonly_fields = ("password", "last_login", "date_joined", "erased_at")
    exclude = ("groups", "user_permissions")
    inlines = (ProfileInline, RoleInline)
    actions = ("delete_accounts",)

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
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "digest", "last_used_at")
    search_fields = ("user__email", "name")
