"""The technical administration site: for operators, not for methodologists (who have pages)."""

from django.contrib import admin

from ortaq.accounts.models import ApiToken, Profile, RoleAssignment, User


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
    list_display = ("email", "last_name", "first_name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "language")
    search_fields = ("email", "last_name", "first_name")
    readonly_fields = ("password", "last_login", "date_joined")
    exclude = ("groups", "user_permissions")
    inlines = (ProfileInline, RoleInline)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "digest", "last_used_at")
    search_fields = ("user__email", "name")
