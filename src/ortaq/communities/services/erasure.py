"""What deleting an account does in circles (an erasure step of ``accounts.account_delete``).

Her posts, threads, comments and projects stay, named "A former member". She leaves every
circle and hears of nothing more. A circle that is still active must keep a facilitator: if she
is the only one of any, the deletion is refused, naming them, until she hands them over (or
archives them). An archived circle does not need one, so it does not stand in her way.
"""

from django.utils import timezone
from django.utils.translation import ngettext

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus, Notify
from ortaq.communities.models import Circle, Membership
from ortaq.communities.services.tallies import circle_tallies_touch_members
from ortaq.core.errors import DomainError

ACTIVE = MembershipStatus.ACTIVE


def circles_only_she_facilitates(user: User) -> list[Circle]:
    """The active circles of which ``user`` is the only active facilitator, by name.

    The facilitators' rows of those circles are locked (in one order, as the circles' own
    services lock them), so that no one steps down as facilitator while she is deleted.
    """
    hers = Membership.objects.filter(
        user=user, role=MemberRole.FACILITATOR, status=ACTIVE, circle__archived_at__isnull=True
    ).values("circle_id")
    facilitators = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(circle_id__in=hers, role=MemberRole.FACILITATOR, status=ACTIVE)
        .order_by("circle_id", "pk")
        .values_list("circle_id", "user_id")
    )
    others = {circle_id for circle_id, user_id in facilitators if user_id != user.pk}
    alone = {circle_id for circle_id, _user_id in facilitators} - others
    return list(Circle.objects.filter(pk__in=alone).order_by("name", "pk"))


def memberships_erase(user: User) -> None:
    """Take ``user`` out of every circle, with no e-mails; refuse while a circle needs her.

    Doing it again changes nothing.
    """
    alone = circles_only_she_facilitates(user)
    if alone:
        names = ", ".join(f"“{circle.name}”" for circle in alone)
        raise DomainError(
            ngettext(
                "This account is the only facilitator of the circle %(circles)s. Make another "
                "member its facilitator, or archive the circle, before deleting the account.",
                "This account is the only facilitator of the circles %(circles)s. Make another "
                "member their facilitator, or archive them, before deleting the account.",
                len(alone),
            )
            % {"circles": names},
            code="last_facilitator",
        )
    now = timezone.now()
    Membership.objects.filter(user=user).exclude(
        status__in=[MembershipStatus.LEFT, MembershipStatus.DECLINED]
    ).update(status=MembershipStatus.LEFT, role=MemberRole.MEMBER, updated_at=now)
    circle_tallies_touch_members([user.pk])
    Membership.objects.filter(user=user).exclude(notify=Notify.NOTHING).update(
        notify=Notify.NOTHING, updated_at=now
    )
