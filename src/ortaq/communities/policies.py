"""What a circle says of its threads' discussions (``ortaq.discussions.policies``): its readers
read them, its members write, its facilitators and the moderators over it moderate; a post
counts on its thread and wakes the circle."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MembershipStatus
from ortaq.communities.models import Circle, Thread
from ortaq.core.errors import DomainError
from ortaq.discussions.models import Post
from ortaq.discussions.policies import DiscussionPolicy

# A circle with more members than this offers no list to tick: they are named with @.
MENTIONABLE = 60


class ThreadPolicy(DiscussionPolicy):
    model = Thread

    def readable(self, user: User) -> QuerySet[Thread]:
        """The threads of the circles she may read (``Circle.objects.visible_to``)."""
        return Thread.objects.filter(circle__in=Circle.objects.visible_to(user))

    def may_read(self, user: User, target: Thread) -> bool:
        return user.has_perm("communities.view_circle", target.circle)

    def may_write(self, user: User, target: Thread) -> bool:
        return user.has_perm("communities.post", target.circle)

    def write_refusal(self) -> str:
        return _("Only the circle's members write in its discussions.")

    def may_moderate(self, user: User, target: Thread) -> bool:
        return user.has_perm("communities.moderate", target.circle)

    def check_changeable(self, target: Thread) -> None:
        if target.circle.archived_at is not None:
            raise DomainError(
                _("The circle is archived: its discussions can no longer change."),
                code="archived",
            )

    def label(self, target: Thread) -> str:
        return target.title

    def post_url(self, target: Thread, post: Post) -> str:
        return reverse("communities:thread", args=[target.circle_id, target.pk]) + f"#p{post.pk}"

    def moderation_url(self, target: Thread) -> str:
        return reverse("communities:moderation", args=[target.circle_id])

    def settings_url(self, target: Thread) -> str:
        return reverse("communities:notifications", args=[target.circle_id])

    def attachment_url(self, target: Thread, attachment_id: int) -> str:
        return reverse("communities:attachment", args=[target.circle_id, attachment_id])

    def mentionable(self, target: Thread) -> list[User] | None:
        """The circle's active members, when there are at most ``MENTIONABLE`` of them."""
        members = list(
            User.objects.filter(
                is_active=True,
                circle_memberships__circle_id=target.circle_id,
                circle_memberships__status=MembershipStatus.ACTIVE,
            ).order_by("last_name", "first_name", "pk")[: MENTIONABLE + 1]
        )
        return members if len(members) <= MENTIONABLE else None

    def subscribers(self, target: Thread) -> Iterable[User]:
        from ortaq.communities.services.discussions import members_to_notify

        return members_to_notify(target.circle)

    def moderators(self, target: Thread, *, besides: Sequence[int]) -> list[User]:
        from ortaq.communities.services.discussions import report_recipients

        return report_recipients(target.circle, besides=besides)

    def after_post(self, post: Post, target: Any) -> None:
        Thread.objects.filter(pk=target.pk).update(
            post_count=F("post_count") + 1, last_post_at=post.created_at
        )
        Circle.objects.filter(pk=target.circle_id).update(last_activity_at=post.created_at)

    def after_visibility(self, post: Post, target: Any, *, shown: bool) -> None:
        change = 1 if shown else -1
        Thread.objects.filter(pk=target.pk).update(post_count=F("post_count") + change)
