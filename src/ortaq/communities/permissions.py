"""Who may do what with circles, meetings, discussions and development projects.

Circle roles live on the membership (a facilitator is a member whose role is facilitator);
beyond the circle, methodologists (coordinators) over its region, district or school oversee
it, moderators over it moderate its discussions, and administrators may do everything.
``membership_of`` reads a person's membership once per circle object, so a page that checks
several rules on one circle makes one query for them.

Who may read a circle, who sees its card, who opens a project and who reads the showcase are
each one rule: ``Circle.objects.visible_to`` and ``findable_by``, ``Project.objects.visible_to``
and ``in_showcase_for`` in SQL for every list, and here ``communities.view_circle``,
``communities.find_circle``, ``communities.view_project`` and
``communities.view_showcase_entry`` for one object, without another query. A test holds each
pair together for every role on generated rows (``tests/test_visibility.py``).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import Profile, User
from ortaq.communities.choices import MembershipStatus, ProjectStatus, Visibility
from ortaq.communities.models import Circle, Membership, Project
from ortaq.communities.models.circles import OVERSEERS, RUNNERS
from ortaq.core.roles import Role, holds_anywhere, predicate, role_over

_CACHE = "_membership_of"


def membership_of(user: User | AnonymousUser | None, circle: Circle) -> Membership | None:
    """Return her membership of ``circle`` in any status (None if she has none), read once per
    circle object and person."""
    if user is None or not user.is_authenticated:
        return None
    cache: dict[int, Membership | None] = circle.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(circle=circle, user=user).first()
    return cache[user.pk]


def remember_membership(
    circle: Circle, user: User | AnonymousUser, membership: Membership | None
) -> None:
    """Tell ``membership_of`` what a query has already read (or a service has just written)."""
    circle.__dict__.setdefault(_CACHE, {})[user.pk] = membership


def _circle(obj: object) -> Circle | None:
    if isinstance(obj, Circle):
        return obj
    circle = getattr(obj, "circle", None)
    return circle if isinstance(circle, Circle) else None


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


@predicate
def is_member(user: User | AnonymousUser, obj: object) -> bool:
    """An active member of the circle (facilitators included) of ``obj``."""
    circle = _circle(obj)
    found = membership_of(user, circle) if circle is not None else None
    return found is not None and found.status == MembershipStatus.ACTIVE


@predicate
def is_facilitator(user: User | AnonymousUser, obj: object) -> bool:
    """An active facilitator of the circle of ``obj``."""
    circle = _circle(obj)
    found = membership_of(user, circle) if circle is not None else None
    return found is not None and found.is_facilitator


@predicate
def oversees(user: User | AnonymousUser, obj: object) -> bool:
    """A methodologist over the circle's region, district or school, or an administrator."""
    circle = _circle(obj)
    return circle is not None and role_over(*RUNNERS)(user, circle)


@predicate
def moderates(user: User | AnonymousUser, obj: object) -> bool:
    """A moderator over the circle's scope."""
    circle = _circle(obj)
    return circle is not None and role_over(Role.MODERATOR)(user, circle)


@predicate
def reads_from_above(user: User | AnonymousUser, obj: object) -> bool:
    """A methodologist, administrator or moderator over the circle's place (or the circle)."""
    circle = _circle(obj)
    return circle is not None and role_over(*OVERSEERS)(user, circle)


@predicate
def shows_card(user: User, obj: object) -> bool:
    """A members-only circle shows its name, school and purpose (and "ask to join") to the
    teachers of its school, or of a network's schools, and to anyone it has invited or who has
    asked to join; nothing else. Reached only after ``is_signed_in``: ``user`` is an account."""
    circle = _circle(obj)
    if circle is None:
        return False
    found = membership_of(user, circle)
    if found is not None and found.status in (
        MembershipStatus.INVITED,
        MembershipStatus.REQUESTED,
    ):
        return True
    school_id = Profile.objects.filter(user=user).values_list("school_id", flat=True).first()
    if school_id is None:
        return False
    return circle.school_id == school_id or circle.schools.filter(pk=school_id).exists()


@predicate
def circle_is_open_to_all(user: User | AnonymousUser, obj: object) -> bool:
    circle = _circle(obj)
    return circle is not None and circle.visibility == Visibility.SIGNED_IN


@predicate
def circle_is_live(user: User | AnonymousUser, obj: object) -> bool:
    circle = _circle(obj)
    return circle is not None and circle.archived_at is None


@predicate
def owns_project(user: User | AnonymousUser, project: object) -> bool:
    return isinstance(project, Project) and project.owner_id == user.pk


@predicate
def project_is_open(user: User | AnonymousUser, project: object) -> bool:
    """Her project can still change: not waiting for assessment, not accepted."""
    return isinstance(project, Project) and project.status in (
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.RETURNED,
    )


@predicate
def project_is_submitted(user: User | AnonymousUser, project: object) -> bool:
    return isinstance(project, Project) and project.status == ProjectStatus.SUBMITTED


@predicate
def project_is_accepted(user: User | AnonymousUser, project: object) -> bool:
    return isinstance(project, Project) and project.status == ProjectStatus.ACCEPTED


@predicate
def may_create_circles(user: User | AnonymousUser) -> bool:
    """Methodologists, school heads and facilitators start circles (in their own scope: the
    service checks the school or region chosen)."""
    return holds_anywhere(user, (Role.COORDINATOR, Role.PRINCIPAL, Role.FACILITATOR, Role.ADMIN))


runs_the_circle = is_facilitator | oversees
# Members read everything; an open circle is read by every signed-in person. The SQL of this
# rule is ``Circle.objects.visible_to``; a facilitator is an active member.
reads_the_circle = is_signed_in & (is_member | circle_is_open_to_all | reads_from_above)

rules.add_perm("communities.add_circle", is_signed_in & may_create_circles)
rules.add_perm("communities.view_circle", reads_the_circle)
# Its page, or else its card: ``Circle.objects.findable_by``.
rules.add_perm("communities.find_circle", reads_the_circle | (is_signed_in & shows_card))
rules.add_perm("communities.change_circle", is_signed_in & runs_the_circle)
rules.add_perm("communities.manage_members", is_signed_in & circle_is_live & runs_the_circle)
# Asking to join: any signed-in teacher who is not already in (the service checks status).
rules.add_perm("communities.join_circle", is_signed_in & circle_is_live)
# Meetings: members see the place and link; facilitators plan them and record attendance.
rules.add_perm("communities.view_meeting_details", is_signed_in & (is_member | runs_the_circle))
rules.add_perm("communities.manage_meetings", is_signed_in & circle_is_live & runs_the_circle)
# Discussions: members write; facilitators pin; moderators and facilitators hide.
rules.add_perm("communities.post", is_signed_in & circle_is_live & (is_member | runs_the_circle))
rules.add_perm("communities.pin_thread", is_signed_in & runs_the_circle)
rules.add_perm("communities.moderate", is_signed_in & (is_facilitator | moderates | oversees))
rules.add_perm("communities.report_post", is_signed_in & reads_the_circle)
# Projects: a member starts her own; her facilitators and methodologists follow and assess it.
rules.add_perm("communities.add_project", is_signed_in & circle_is_live & is_member)
# The whole project (consultation notes, log, evidence, comments, assessments) stays with her
# and those who run her circle, accepted or not; the network reads an accepted project's
# showcase entry: her concern, her presentation and the publishable summary. Their SQL is
# ``Project.objects.visible_to`` and ``in_showcase_for``.
rules.add_perm("communities.view_project", is_signed_in & (owns_project | runs_the_circle))
rules.add_perm("communities.view_showcase_entry", is_signed_in & project_is_accepted)
rules.add_perm("communities.change_project", is_signed_in & owns_project & project_is_open)
rules.add_perm("communities.comment_project", is_signed_in & (owns_project | runs_the_circle))
# Nobody assesses her own portfolio (a facilitator's own goes to the circle's other facilitators
# or the methodologists over it).
rules.add_perm(
    "communities.assess_project",
    is_signed_in & runs_the_circle & ~owns_project & project_is_submitted,
)
