"""What the library says of its readers' comments (``ortaq.discussions.policies``): the
discussion of a published resource is read by everyone, written in by anyone signed in, and
moderated (reports, hiding) by the moderators of the resource's place
(``library.moderate``), who are e-mailed the reports."""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.core.errors import DomainError
from ortaq.core.roles import Role
from ortaq.core.visibility import is_signed_in
from ortaq.discussions.models import Post
from ortaq.discussions.policies import DiscussionPolicy
from ortaq.library.links import resource_url
from ortaq.library.models import Resource


class ResourcePolicy(DiscussionPolicy):
    model = Resource

    def targets(self) -> QuerySet[Resource]:
        return Resource.objects.select_related("current")

    def readable(self, user: User) -> QuerySet[Resource]:
        """Published resources, for everyone (the SQL twin of ``may_read``)."""
        return Resource.objects.published()

    def may_read(self, user: User, target: Resource) -> bool:
        return target.current_id is not None

    def may_write(self, user: User, target: Resource) -> bool:
        return is_signed_in(user) and target.current_id is not None

    def write_refusal(self) -> str:
        return _("Sign in to comment on a published resource.")

    def may_moderate(self, user: User, target: Resource) -> bool:
        return user.has_perm("library.moderate", target)

    def check_changeable(self, target: Resource) -> None:
        if target.current_id is None:
            raise DomainError(
                _("The resource is not published: its comments can no longer change."),
                code="unpublished",
            )

    def label(self, target: Resource) -> str:
        return str(target)

    def post_url(self, target: Resource, post: Post) -> str:
        return f"{resource_url(target.pk)}#p{post.pk}"

    def moderation_url(self, target: Resource) -> str:
        return reverse("library:comments_moderation", args=[target.pk])

    def attachment_url(self, target: Resource, attachment_id: int) -> str:
        return reverse("library:comment_file", args=[target.pk, attachment_id])

    def moderators(self, target: Resource, *, besides: Sequence[int]) -> list[User]:
        return [
            person
            for person in holders_over(roles=[Role.MODERATOR], scopes=target.scope_chain())
            if person.pk not in besides
        ]
