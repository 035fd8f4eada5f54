"""What waits for a person in the circles, for her own page: her circles, the portfolios she is
to assess, and the requests to join the circles she runs; a few queries whatever their number."""

from dataclasses import dataclass, field

from django.db.models import Count

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus, ProjectStatus
from ortaq.communities.models import Circle, Membership, Project

LISTED = 6


@dataclass(slots=True)
class CirclesWaiting:
    circles: list[Circle] = field(default_factory=list)
    portfolios: list[Project] = field(default_factory=list)
    requests: list[tuple[Circle, int]] = field(default_factory=list)  # circle, people asking

    @property
    def anything_waits(self) -> bool:
        return bool(self.portfolios or self.requests)


def circles_waiting(*, user: User) -> CirclesWaiting:
    found = CirclesWaiting()
    found.circles = list(
        Circle.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            archived_at__isnull=True,
        ).order_by("name", "pk")[:LISTED]
    )
    # Submitted portfolios of the circles she runs (as facilitator or over their place), not
    # her own: those that the assessment permission lets her assess.
    found.portfolios = list(
        Project.objects.visible_to(user)
        .filter(status=ProjectStatus.SUBMITTED)
        .exclude(owner=user)
        .select_related("owner", "circle")
        .order_by("submitted_at", "pk")[:LISTED]
    )
    facilitated = Membership.objects.filter(
        user=user, role=MemberRole.FACILITATOR, status=MembershipStatus.ACTIVE
    ).values("circle_id")
    asking = (
        Membership.objects.filter(circle_id__in=facilitated, status=MembershipStatus.REQUESTED)
        .values_list("circle_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict(asking)
    if counts:
        circles = Circle.objects.in_bulk(list(counts))
        found.requests = [(circles[pk], n) for pk, n in sorted(counts.items())]
    return found
