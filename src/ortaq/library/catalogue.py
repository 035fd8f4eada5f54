"""The library's catalogue: published resources found by words and filters, as the page
``/library/`` and the API's list read them, in a fixed number of queries.

A page of results costs: one query counting the matches (up to ``COUNT_LIMIT``), one for the
page's resources with their published version and subject, one for those versions' grades and
one for the resources' authors with their names, whatever the page holds.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.core.pagination import COUNT_LIMIT
from ortaq.library import search
from ortaq.library.choices import Kind
from ortaq.library.models import Alignment, Author, Resource, Version, VersionGrade

PER_PAGE = 20
# Pages of results reach the first ``COUNT_LIMIT`` matches: past them, a better query helps more
# than a later page, and an offset deep into 100,000 rows costs what reading them does.
MAX_PAGE = COUNT_LIMIT // PER_PAGE


@dataclass(frozen=True)
class Filters:
    """What a reader narrows the catalogue by; empty values narrow nothing."""

    q: str = ""
    kind: str = ""
    subject_id: int | None = None
    grade: int | None = None
    language: str = ""
    multigrade: bool = False
    # An objective code, whole ("5.2.1.1") or its beginning ("5.2").
    code: str = ""
    level: str = ""


def aligned_to(code: str) -> Q:
    """Resources whose published version is aligned to the objective ``code`` or, for the
    beginning of a code ("5.2"), to any objective under it."""
    code = code.strip().rstrip(".")
    under = Alignment.objects.filter(version_id=OuterRef("current_id")).filter(
        Q(code=code) | Q(code__startswith=f"{code}.")
    )
    return Q(Exists(under))


def for_grade(grade: int) -> Q:
    return Q(Exists(VersionGrade.objects.filter(version_id=OuterRef("current_id"), grade=grade)))


def multigrade() -> Q:
    """Multi-grade plans, and any resource whose published version is for several grades."""
    several = (
        VersionGrade.objects.filter(version_id=OuterRef("current_id"))
        .values("version_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    return Q(kind=Kind.MULTIGRADE_PLAN) | Q(Exists(several))


def filtered(queryset: QuerySet[Resource], filters: Filters) -> QuerySet[Resource]:
    """``queryset`` narrowed by every filter but the words."""
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.subject_id:
        queryset = queryset.filter(subject_id=filters.subject_id)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.level:
        queryset = queryset.filter(current__level=filters.level)
    if filters.grade is not None:
        queryset = queryset.filter(for_grade(filters.grade))
    if filters.multigrade:
        queryset = queryset.filter(multigrade())
    if filters.code:
        queryset = queryset.filter(aligned_to(filters.code))
    return queryset


def catalogue(*, filters: Filters) -> QuerySet[Resource]:
    """Published resources matching ``filters``, best first for words, else newest first;
    with what a list shows of each (published version, subject, grades, authors)."""
    found = filtered(Resource.objects.published(), filters)
    if search.query_words(filters.q):
        found = search.search(found, filters.q)
    else:
        found = found.order_by("-pk")
    return with_listing(found)


def with_listing(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """What a row of a list shows: the published version with its grades, the subject, the
    authors in order with their names (three queries, whatever the rows)."""
    # The search document (kilobytes) is read by the search, never shown.
    return (
        queryset.defer("search_document")
        .select_related("current", "subject")
        .prefetch_related(
            Prefetch("current__grades", queryset=VersionGrade.objects.order_by("grade")),
            Prefetch(
                "authors",
                queryset=Author.objects.select_related("user").only(
                    "resource_id",
                    "school_id",
                    "position",
                    "user__first_name",
                    "user__last_name",
                    "user__middle_name",
                    "user__email",
                    "user__erased_at",
                ),
            ),
        )
    )


@dataclass
class ResultPage:
    """One page of the catalogue: its resources, the page number and whether others follow,
    and how many matched (up to ``COUNT_LIMIT``; ``more`` beyond)."""

    rows: list[Resource]
    number: int
    count: int
    more: bool
    pages: int = field(default=1)

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(queryset: QuerySet[Resource], number: int, per_page: int = PER_PAGE) -> ResultPage:
    """Page ``number`` (from 1, at most ``MAX_PAGE``) of ``queryset``: two queries and the
    prefetches, however many match."""
    counted = queryset.order_by()[: COUNT_LIMIT + 1].count()
    pages = max(1, min(MAX_PAGE, -(-min(counted, COUNT_LIMIT) // per_page)))
    number = max(1, min(number, pages))
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page]) if counted else []
    return ResultPage(
        rows=rows,
        number=number,
        count=min(counted, COUNT_LIMIT),
        more=counted > COUNT_LIMIT,
        pages=pages,
    )


def authors_of(resource: Resource) -> list[str]:
    """The names of a listed resource's authors, in order (from the prefetched rows)."""
    names = []
    for author in resource.authors.all():
        person: User = author.user
        names.append(person.get_full_name() or person.email.split("@", 1)[0])
    return names


def grades_of(resource: Resource) -> list[int]:
    version = resource.current
    return [g.grade for g in version.grades.all()] if version is not None else []


# --- One resource and its versions, for the API -------------------------------------------------


def resource_for_reader(*, resource_id: int, user: User | AnonymousUser) -> Resource:
    """The resource, if ``user`` may open it (``Resource.objects.visible_to``); 404 otherwise
    (a draft is not there for anyone but those who work on it)."""
    found = with_listing(Resource.objects.visible_to(user).filter(pk=resource_id)).prefetch_related(
        Prefetch("current__alignments", queryset=Alignment.objects.all())
    )
    resource = found.first()
    if resource is None:
        raise Http404
    return resource


def versions_for_reader(*, resource: Resource, user: User | AnonymousUser) -> QuerySet[Version]:
    """The resource's versions ``user`` may read (``Version.objects.visible_to``), newest
    first."""
    return (
        Version.objects.visible_to(user)
        .filter(resource=resource)
        .prefetch_related(
            Prefetch("grades", queryset=VersionGrade.objects.order_by("grade")),
            "alignments",
        )
        .order_by("-number")
    )


def version_for_reader(*, resource: Resource, number: int, user: User | AnonymousUser) -> Version:
    version = versions_for_reader(resource=resource, user=user).filter(number=number).first()
    if version is None:
        raise Http404
    return version
