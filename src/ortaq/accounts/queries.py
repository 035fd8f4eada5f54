"""Reads of people, roles and tokens that pages and the API share."""

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ortaq.accounts.models import ApiToken, RoleAssignment, User
from ortaq.accounts.services.tokens import digest_of
from ortaq.core.pagination import KeysetPage, keyset_page
from ortaq.core.reads import JoinedRead
from ortaq.core.roles import Scope, ScopeKind
from ortaq.core.search import finds_by_trigrams


def current_user(request: HttpRequest) -> User:
    """The signed-in person making the request; PermissionDenied for a visitor."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


# The order of the people list, and of the index that serves it (``accounts_user_by_name``);
# its search reads the trigram indexes of e-mail, last and first name (migration 0005).
PEOPLE_ORDER = ("last_name", "first_name", "pk")


def people_visible_to(
    *,
    viewer: User | AnonymousUser,
    q: str = "",
    region_id: int | None = None,
    school_id: int | None = None,
) -> QuerySet[User]:
    """The people ``viewer`` looks after (``User.objects.looked_after_by``: everyone, for an
    administrator), filtered."""
    people = User.objects.looked_after_by(viewer).select_related(
        "profile__school__region", "profile__school__district"
    )
    if q:
        q = q.strip()
        people = people.filter(
            Q(email__icontains=q) | Q(last_name__icontains=q) | Q(first_name__icontains=q)
        )
    if region_id is not None:
        people = people.filter(profile__school__region_id=region_id)
    if school_id is not None:
        people = people.filter(profile__school_id=school_id)
    return people.order_by(*PEOPLE_ORDER)


def people_page(
    *,
    viewer: User | AnonymousUser,
    q: str = "",
    region_id: int | None = None,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage[User]:
    """A page of ``people_visible_to`` in name order, by key: the national list holds 400,000
    people, and a page number would have the database sort and skip them all. A search with a
    word of three letters or more is found by the trigram indexes of names and e-mails (on
    PostgreSQL) and its matches sorted (``ortaq.core.search``)."""
    return keyset_page(
        people_visible_to(viewer=viewer, q=q, region_id=region_id),
        keys=PEOPLE_ORDER,
        per_page=per_page,
        after=after,
        before=before,
        sort_matches=finds_by_trigrams(q),
    )


def person_get_for_user(*, person_id: int, viewer: User | AnonymousUser) -> User:
    """The person with that id if ``viewer`` may see her; 404 otherwise, as if she did not
    exist (``docs/decisions/0011-how-a-refusal-is-answered.md``)."""
    person = get_object_or_404(
        User.objects.select_related(
            "profile__school__region", "profile__school__district"
        ).prefetch_related("profile__subjects"),
        pk=person_id,
    )
    if not viewer.has_perm("accounts.view_person", person):
        raise Http404
    return person


def active_user_by_email(email: str) -> User | None:
    """The active account with this e-mail (written in any case), or None."""
    return User.objects.filter(email=email.strip().lower(), is_active=True).first()


def holders_of(*, role: str, target: Model) -> QuerySet[User]:
    """The people who hold ``role`` on one object: a course's trainers, a cohort's facilitators."""
    return User.objects.filter(
        role_assignments__role=role,
        role_assignments__scope_kind=ScopeKind.OBJECT,
        role_assignments__content_type=ContentType.objects.get_for_model(target),
        role_assignments__object_id=target.pk,
    ).order_by("last_name", "first_name", "pk")


def holders_of_each(*, role: str, targets: Sequence[Model]) -> dict[int, list[User]]:
    """``holders_of`` for several objects of one model at once (a course's cohorts and their
    facilitators), in one query: each object's id with its people, in name order."""
    if not targets:
        return {}
    found: dict[int, list[User]] = {target.pk: [] for target in targets}
    for assignment in (
        RoleAssignment.objects.filter(
            role=role,
            scope_kind=ScopeKind.OBJECT,
            content_type=ContentType.objects.get_for_model(targets[0]),
            object_id__in=list(found),
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk")
    ):
        if assignment.object_id is not None:
            found[assignment.object_id].append(assignment.user)
    return found


def holders_over(*, roles: Iterable[str], scopes: Iterable[Scope]) -> QuerySet[User]:
    """The active people who hold one of ``roles`` at one of ``scopes`` (such as the region and
    district of a circle, from its ``scope_chain()``), in one query."""
    where = Q(pk__in=[])
    for scope in scopes:
        match scope.kind:
            case ScopeKind.COUNTRY:
                where |= Q(scope_kind=ScopeKind.COUNTRY)
            case ScopeKind.REGION:
                where |= Q(scope_kind=ScopeKind.REGION, region_id=int(scope.key))
            case ScopeKind.DISTRICT:
                where |= Q(scope_kind=ScopeKind.DISTRICT, district_id=int(scope.key))
            case ScopeKind.SCHOOL:
                where |= Q(scope_kind=ScopeKind.SCHOOL, school_id=int(scope.key))
            case ScopeKind.OBJECT:
                label, pk = scope.key.split(":")
                where |= Q(
                    scope_kind=ScopeKind.OBJECT,
                    content_type=ContentType.objects.get_by_natural_key(*label.split(".")),
                    object_id=int(pk),
                )
    held = RoleAssignment.objects.filter(where, role__in=list(roles)).values("user_id")
    return User.objects.filter(is_active=True, pk__in=held).order_by("pk")


def roles_of(*, user: User) -> QuerySet[RoleAssignment]:
    """A person's roles with everything their labels need: one query, and one for each kind
    of object some of them are held on (courses, cohorts…)."""
    return (
        user.role_assignments.select_related("region", "district__region", "school")
        .prefetch_related("content_object")
        .order_by("role", "scope_kind", "pk")
    )


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_token_lookup(*, raw: str) -> ApiToken | None:
    """The active token with this secret, with its owner, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def api_caller(request: HttpRequest) -> User | AnonymousUser:
    """The person behind a public API operation's request (``auth=None`` reads no credentials
    itself): her session, or her personal token if she sends one (``request.user`` becomes
    her); otherwise a visitor. A token is not touched here, as the token authentication does."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_active:
        return user
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        found = api_token_lookup(raw=token.strip())
        if found is not None and found.user.is_active:
            request.user = found.user
            return found.user
    return AnonymousUser()


@lru_cache(maxsize=1)
def _user_read() -> JoinedRead:
    return JoinedRead.build(
        ((User, "u"), (RoleAssignment, "r")),
        "FROM accounts_user u LEFT JOIN accounts_roleassignment r ON r.user_id = u.id "
        "WHERE u.id = %s",
    )


def user_with_roles(user_id: int) -> User | None:
    """The person with the roles she holds (``role_grants`` answered without another query), in
    one statement: the signed-in person is read so on every request her cached copy has gone."""
    rows = _user_read().rows([user_id])
    if not rows:
        return None
    user = rows[0][0]
    assert isinstance(user, User)  # noqa: S101 - the read's first model
    user._role_grants = frozenset(
        assignment.grant() for _user, assignment in rows if isinstance(assignment, RoleAssignment)
    )
    return user
