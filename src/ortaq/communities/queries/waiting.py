"""What waits for a person in the circles, for her own page: her circles, the portfolios she is
to assess, the requests to join the circles she runs, and the reported posts of the circles she
moderates; a few queries whatever their number."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus, ProjectStatus
from ortaq.communities.models import Circle, Membership, Project
from ortaq.discussions.models import PostReport

LISTED = 6
# The circles with open reports looked at, oldest report first, before asking whether she
# moderates each (a national moderator reads them on the circles' moderation pages).
REPORTED_LOOKED_AT = 30


@dataclass(slots=True)
class CirclesWaiting:
    circles: list[Circle] = field(default_factory=list)
    portfolios: list[Project] = field(default_factory=list)
    requests: list[tuple[Circle, int]] = field(default_factory=list)  # circle, people asking
    reported: list[tuple[Circle, int]] = field(default_factory=list)  # circle, posts reported

    @property
    def anything_waits(self) -> bool:
        return bool(self.portfolios or self.requests or self.reported)


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
    found.reported = reported_waiting(user=user)
    return found


def reported_waiting(*, user: User) -> list[tuple[Circle, int]]:
    """The circles she moderates (as their facilitator, or as a moderator, methodologist or
    administrator over them) with posts that have an open report, and how many such posts."""
    open_report = PostReport.objects.filter(
        post__discussion__thread__circle=OuterRef("pk"), resolved_at__isnull=True
    )
    candidates = (
        Circle.objects.visible_to(user)
        .filter(Exists(open_report), archived_at__isnull=True)
        .order_by("name", "pk")[:REPORTED_LOOKED_AT]
    )
    moderated = [c for c in candidates if user.has_perm("communities.moderate", c)][:LISTED]
    if not moderated:
        return []
    counts = dict(
        PostReport.objects.filter(
            post__discussion__thread__circle__in=moderated, resolved_at__isnull=True
        )
        .values_list("post__discussion__thread__circle")
        .annotate(n=Count("post", distinct=True))
        .order_by()
    )
    return [(c, counts.get(c.pk, 0)) for c in moderated]
