"""People: the user (who signs in with an e-mail), her profile, her roles and her API tokens."""

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any, ClassVar

import rules
from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.choices import Category, Language
from ortaq.core.kz import validate_iin
from ortaq.core.models import Subject, TimeStampedModel
from ortaq.core.names import validate_person_name
from ortaq.core.roles import Grant, Role, Scope, ScopeKind
from ortaq.core.visibility import role_over_q
from ortaq.schools.models import District, Region, School

GRANTS_SECONDS = 3600
# How a deleted account is named; the same words pages use for a post whose author is gone.
FORMER_MEMBER = _("A former member")


def grants_cache_key(user_id: int | None) -> str:
    return f"ortaq:grants:{user_id}"


def user_cache_key(user_id: object) -> str:
    """Where the signed-in person is kept in the cache (``accounts.backends``)."""
    return f"ortaq:user:{user_id}"


def forget_cached_users(user_ids: Iterable[int]) -> None:
    """Drop the cached copies of these accounts (``accounts.backends``), now and on commit."""
    keys = [user_cache_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_grants_of(user_ids: Iterable[int]) -> None:
    """Drop the cached roles of these people (and the cached accounts, which carry them), now
    and when the change is committed (a page read between the two would keep the old roles)."""
    ids = list(user_ids)
    keys = [grants_cache_key(user_id) for user_id in ids] + [
        user_cache_key(user_id) for user_id in ids
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# Who looks after people: administrators, and the methodologists and school heads of the
# places where they work.
PEOPLE_MANAGERS = (Role.ADMIN, Role.COORDINATOR, Role.PRINCIPAL)
# The columns that hold each scope of the place a person works in (her school's chain).
PERSON_PLACES = {
    "region": "profile__school__region_id",
    "district": "profile__school__district_id",
    "school": "profile__school_id",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def looked_after_by(self, viewer: "User | AnonymousUser") -> QuerySet["User"]:
        """The people ``viewer`` looks after: those of the schools where she is a methodologist
        or school head (or an administrator), and everyone, the people of no school too, for
        whoever holds one of these roles in the whole country. ``accounts.manage_person`` says
        the same of one person."""
        return self.filter(role_over_q(viewer, PEOPLE_MANAGERS, PERSON_PLACES))

    def visible_to(self, viewer: "User | AnonymousUser | None") -> QuerySet["User"]:
        """The people whose page ``viewer`` may open: herself, and the people she looks after.
        ``accounts.view_person`` says the same of one person."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(pk=viewer.pk) | role_over_q(viewer, PEOPLE_MANAGERS, PERSON_PLACES)
        )

    def _create(self, email: str, password: str | None, **extra: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.create(user=user)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to Ortaq with her e-mail address.

    E-mail addresses are stored in lower case and are unique. ``language`` is the language of
    her e-mails and documents, and follows the language she last chose on the site.

    A deleted account is anonymised rather than removed (``erased_at`` set, names and e-mail
    gone); its name then reads "A former member" wherever the person is named.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    # Names are printed as written on certificates: the administration site checks them too.
    last_name = models.CharField(
        _("last name"), max_length=100, blank=True, validators=[validate_person_name]
    )
    first_name = models.CharField(
        _("first name"), max_length=100, blank=True, validators=[validate_person_name]
    )
    middle_name = models.CharField(
        _("patronymic"), max_length=100, blank=True, validators=[validate_person_name]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.KAZAKH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("May open the technical administration site.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when she deleted her account (``account_delete``): the row stays, so that what she
    # wrote stays readable, but nothing in it says who she was.
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="%(app_label)s_%(class)s_email_ci"),
        ]
        indexes: ClassVar = [
            # The people list's order (``accounts.queries.PEOPLE_ORDER``), read page by page.
            models.Index(fields=["last_name", "first_name", "id"], name="accounts_user_by_name"),
            # On PostgreSQL the search of that list also has trigram indexes of e-mail, last and
            # first name (``accounts_user_<column>_trgm``, migration 0005, ``ortaq.core.search``).
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def is_erased(self) -> bool:
        """She deleted her account: the row remains only so that her posts and projects do."""
        return self.erased_at is not None

    def get_full_name(self) -> str:
        """Surname, given name and patronymic, in the order documents in Kazakhstan use.

        For a deleted account, "A former member" (in the active language): every page, e-mail,
        export and API field that names a person asks this, so none needs a rule of its own.
        """
        if self.erased_at is not None:
            return str(FORMER_MEMBER)
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def display_name(self) -> str:
        """The name to show others: her full name, or "A former member" once she has gone."""
        return self.get_full_name()

    def get_short_name(self) -> str:
        if self.erased_at is not None:
            return str(FORMER_MEMBER)
        return self.first_name or self.email

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Whether she may do ``perm`` (on ``obj``). Everyone but staff holds only the rights of
        her roles (the model permissions are asked of staff alone: ``accounts.backends``), so
        for her ``rules`` is asked straight, as the first backend would be, rather than through
        every authentication backend in turn, each made afresh (a course page asks nine times).
        """
        if self.is_staff or self.is_superuser:
            return super().has_perm(perm, obj)
        allowed: bool = rules.has_perm(perm, self, obj)
        return allowed

    def role_grants(self) -> frozenset[Grant]:
        """Return the roles she holds with their scopes.

        Read once per request, and kept in the cache between requests: every page asks, and
        roles change seldom (``forget_role_grants`` runs whenever they do).
        """
        cached: frozenset[Grant] | None = getattr(self, "_role_grants", None)
        if cached is None:
            key = grants_cache_key(self.pk)
            cached = cache.get(key)
            if cached is None:
                cached = frozenset(a.grant() for a in self.role_assignments.all())
                # Inside a transaction the roles read may yet be rolled back: keep them only
                # for this object, never in the shared cache.
                if not transaction.get_connection().in_atomic_block:
                    cache.set(key, cached, GRANTS_SECONDS)
            self._role_grants = cached
        return cached

    def forget_role_grants(self) -> None:
        self.__dict__.pop("_role_grants", None)
        forget_grants_of([self.pk])


# Teachers moved school (``moves``: user id -> the school id she left, or None), sent by every
# save of a profile that changes its school and by bulk changes (the teachers' import): counts
# kept per school (course reports) recount both schools.
schools_changed = Signal()


class Profile(TimeStampedModel):
    """A teacher's professional details: where she works, what she teaches, her category.

    The IIN is optional, unique, and shown only to its owner and to administrators.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_iin],
        help_text=_("Individual identification number: 12 digits. Seen only by you and admins."),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("school"),
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="profiles", verbose_name=_("subjects")
    )
    category = models.CharField(
        _("qualification category"), max_length=12, choices=Category, blank=True
    )
    languages = models.JSONField(
        _("languages she teaches in"),
        default=list,
        blank=True,
        help_text=_("Codes of the languages: kk, ru, en."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes: ClassVar = [
            # The people of some schools (a region's, for its methodologist) read from the index
            # alone: her search by surname meets the country's namesakes with these.
            models.Index(fields=["school", "user"], name="accounts_profile_school_user"),
        ]

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "Profile":
        profile = super().from_db(db, field_names, values, **kwargs)
        # The school she was at when read: a save that changes it tells whoever counts by school.
        profile.__dict__["_loaded_school_id"] = profile.__dict__.get("school_id")
        return profile

    def __str__(self) -> str:
        return str(self.user)


# The columns that name the scope of each kind (the others stay empty), and how the
# constraint that a role is held there once is named.
SCOPE_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    ScopeKind.COUNTRY: ((), "in_country"),
    ScopeKind.REGION: (("region",), "in_region"),
    ScopeKind.DISTRICT: (("district",), "in_district"),
    ScopeKind.SCHOOL: (("school",), "in_school"),
    ScopeKind.OBJECT: (("content_type", "object_id"), "on_object"),
}
_SCOPE_COLUMNS = ("region", "district", "school", "content_type", "object_id")


class RoleAssignment(TimeStampedModel):
    """A role held by a person within one scope: the country, a region, a district, a school,
    or one object of another app (a course, a circle, an event…).

    Exactly the fields of its scope kind are set, and a person holds a role in a scope once.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("district")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        ordering: ClassVar = ["role", "scope_kind"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=reduce(
                    operator.or_,
                    (
                        models.Q(
                            scope_kind=kind,
                            **{f"{name}__isnull": name not in own for name in _SCOPE_COLUMNS},
                        )
                        for kind, (own, _suffix) in SCOPE_FIELDS.items()
                    ),
                ),
                name="%(app_label)s_%(class)s_scope_fields",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", "role", *own],
                    condition=models.Q(scope_kind=kind),
                    name=f"%(app_label)s_%(class)s_once_{suffix}",
                )
                for kind, (own, suffix) in SCOPE_FIELDS.items()
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["role", "scope_kind"], name="accounts_role_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.scope_label()}"

    def scope(self) -> Scope:
        match self.scope_kind:
            case ScopeKind.REGION:
                return Scope.region(self.region_id or 0)
            case ScopeKind.DISTRICT:
                return Scope.district(self.district_id or 0)
            case ScopeKind.SCHOOL:
                return Scope.school(self.school_id or 0)
            case ScopeKind.OBJECT:
                content_type = ContentType.objects.get_for_id(self.content_type_id or 0)
                return Scope.of_object(
                    f"{content_type.app_label}.{content_type.model}", self.object_id or 0
                )
        return Scope.country()

    def grant(self) -> Grant:
        return (self.role, self.scope())

    def target(self) -> Any:
        """The region, district, school or object the role is held in; None for the country."""
        match self.scope_kind:
            case ScopeKind.REGION:
                return self.region
            case ScopeKind.DISTRICT:
                return self.district
            case ScopeKind.SCHOOL:
                return self.school
            case ScopeKind.OBJECT:
                return self.content_object
        return None

    def scope_label(self) -> str:
        """Say where the role applies; the scope's row must already be fetched (select_related)."""
        target = self.target()
        if target is None:
            return str(_("Whole country"))
        if isinstance(target, District):
            return f"{target}, {target.region}"
        return str(target)


class ApiToken(TimeStampedModel):
    """A personal token for scripts: ``Authorization: Bearer <token>``.

    Only a SHA-256 digest is stored; the token itself is shown once, when it is made.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
