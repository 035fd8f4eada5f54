"""Reads of associations that pages and the API share, each a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404

from ortaq.accounts.models import User
from ortaq.core.i18n import FALLBACKS, current_language
from ortaq.core.pagination import KeysetPage, keyset_page
from ortaq.networks.choices import Steward
from ortaq.networks.models import (
    Appointment,
    Association,
    MemberSchool,
    NewsPost,
    news_written_by_q,
    run_by_q,
)
from ortaq.networks.permissions import founding_regions, remember_appointments
from ortaq.schools.models import Region, School

NEWS_PER_PAGE = 10
# The schools a picker offers at once: she narrows the search to see others.
OFFERED = 20


def _by_name(queryset: QuerySet[Association]) -> QuerySet[Association]:
    """In the order of their names in the page's language (falling back as the names do)."""
    names = [NullIf(F(f"name_{code}"), Value("")) for code in FALLBACKS[current_language()]]
    return queryset.annotate(listed_name=Coalesce(*names)).order_by("listed_name", "pk")


def with_rights(
    queryset: QuerySet[Association], user: User | AnonymousUser
) -> QuerySet[Association]:
    """Each association with ``can_change`` and ``can_post_news``: the rules of
    ``Association.objects.run_by`` and ``news_written_by`` as annotations (for the links a list
    shows her)."""

    def flag(condition: Q) -> Case:
        return Case(When(condition, then=True), default=False, output_field=BooleanField())

    return queryset.annotate(
        can_change=flag(run_by_q(user)), can_post_news=flag(news_written_by_q(user))
    )


def associations_listed(
    *, user: User | AnonymousUser, q: str = "", region_id: int | None = None
) -> QuerySet[Association]:
    """The directory: every association (they are public), with its region, how many schools
    it has and what she may do with it; by name, or by words of any of its names."""
    found = Association.objects.select_related("region").annotate(
        school_count=Count("member_schools")
    )
    words = q.strip()
    if words:
        found = found.filter(
            Q(name_kk__icontains=words) | Q(name_ru__icontains=words) | Q(name_en__icontains=words)
        )
    if region_id is not None:
        found = found.filter(region_id=region_id)
    return _by_name(with_rights(found, user))


def association_get(*, slug: str) -> Association:
    """The association at ``slug`` (with its region), or 404: every association is public."""
    return get_object_or_404(Association.objects.select_related("region"), slug=slug)


def member_schools(*, association: Association) -> QuerySet[MemberSchool]:
    """Its member schools with their region and district, by name."""
    return (
        MemberSchool.objects.filter(association=association)
        .select_related("school__region", "school__district")
        .order_by("school__name_kk", "school__name_ru", "school__pk")
    )


def appointments(*, association: Association) -> list[Appointment]:
    """Its coordinators and editor with their schools, coordinators first, by name; what
    ``appointments_of`` answers from then on for this association object."""
    found = list(
        Appointment.objects.filter(association=association)
        .select_related("user__profile__school")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )
    remember_appointments(association, found)
    return found


@dataclass(frozen=True)
class Stewards:
    """Who runs an association, as its site names them."""

    coordinators: list[Appointment]
    editor: Appointment | None


def stewards(*, association: Association) -> Stewards:
    found = appointments(association=association)
    return Stewards(
        coordinators=[a for a in found if a.role == Steward.COORDINATOR],
        editor=next((a for a in found if a.role == Steward.EDITOR), None),
    )


def news_of(*, association: Association) -> QuerySet[NewsPost]:
    """Its news, newest first."""
    return NewsPost.objects.filter(association=association).order_by("-pk")


def news_page(
    *, association: Association, after: str | None = None, before: str | None = None
) -> KeysetPage[NewsPost]:
    """A page of its news, newest first, by key (the same cost on the hundredth page)."""
    return keyset_page(
        NewsPost.objects.filter(association=association),
        keys=("pk",),
        per_page=NEWS_PER_PAGE,
        after=after,
        before=before,
        descending=True,
    )


def news_get(*, association: Association, news_id: int) -> NewsPost:
    """One of its news posts, or 404."""
    post = NewsPost.objects.filter(association=association, pk=news_id).first()
    if post is None:
        raise Http404
    post.association = association
    return post


def schools_offered(
    *, association: Association, q: str = "", district_id: int | None = None
) -> QuerySet[School]:
    """The schools a coordinator may add: of the association's region, not members yet, found
    by words of their names or their BIN and by district; the first ``OFFERED`` by name."""
    found = (
        School.objects.filter(region_id=association.region_id)
        .exclude(association_memberships__association=association)
        .select_related("district")
    )
    words = q.strip()
    if words:
        by_name = Q(name_kk__icontains=words) | Q(name_ru__icontains=words)
        found = found.filter(by_name | Q(bin=words) if words.isdigit() else by_name)
    if district_id is not None:
        found = found.filter(district_id=district_id)
    return found.order_by("name_kk", "name_ru", "pk")[:OFFERED]


def associations_of_school(*, school: School) -> list[Association]:
    """The associations ``school`` belongs to, by name (for its page)."""
    return list(_by_name(Association.objects.filter(member_schools__school=school)))


def founding_regions_of(*, user: User | AnonymousUser) -> QuerySet[Region]:
    """The regions where she may create an association (``networks.permissions.may_create_in``
    of each)."""
    everywhere, ids = founding_regions(user)
    return Region.objects.all() if everywhere else Region.objects.filter(pk__in=ids)
