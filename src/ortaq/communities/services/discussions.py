"""The writes of a circle's discussions that are the circle's own: open a thread, reply, pin;
and who is told of posts and reports. Correcting, reporting, hiding and showing again are the
discussion core's (``ortaq.discussions.services``).

Posting is idempotent per one-time form key (``client_key``): a double click, or the same form
sent twice at once, makes one post. ``Thread.post_count`` and ``last_post_at`` count visible posts
and are kept by the circle's policy (``communities.policies``), so lists cost one query.
"""

import uuid
from collections.abc import Collection, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Circle, Thread
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.once import create_once, made_before
from ortaq.core.roles import Role, ScopeKind
from ortaq.discussions.models import Post
from ortaq.discussions.services import check_files, clean_body, post_create


def thread_create(
    *,
    actor: User,
    circle: Circle,
    title: str,
    body: str,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
    tell: Collection[int] = (),
) -> Thread:
    """Open a thread with its first post; the same form sent twice opens one thread."""
    if not actor.has_perm("communities.post", circle):
        raise NotAllowed(_("Only the circle's members write in its discussions."))
    found = made_before(Thread, client_key, author=actor)
    if found is not None:
        return found
    title, body = title.strip(), clean_body(body)
    if not title:
        raise DomainError(_("Give the thread a title."), code="title")
    check_files(files)

    def create() -> Thread:
        now = timezone.now()
        thread = Thread.objects.create(
            circle=circle, title=title[:200], author=actor, created_at=now,
            last_post_at=now, post_count=0, client_key=client_key,
        )  # fmt: skip
        thread.circle = circle
        post_create(actor=actor, target=thread, body=body, files=files, tell=tell)
        thread.refresh_from_db(fields=["post_count", "last_post_at"])
        return thread

    return create_once(create, model=Thread, key=client_key, author=actor)


def post_reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
    tell: Collection[int] = (),
) -> Post:
    """Reply in a thread; the same form sent twice makes one post."""
    return post_create(
        actor=actor, target=thread, body=body, files=files, client_key=client_key, tell=tell
    )


@transaction.atomic
def thread_pin(*, actor: User, thread: Thread, pinned: bool) -> Thread:
    """Pin a thread to the top of the list, or unpin it."""
    if not actor.has_perm("communities.pin_thread", thread.circle):
        raise NotAllowed(_("Only the circle's facilitators pin threads."))
    if pinned != (thread.pinned_at is not None):
        thread.pinned_at = timezone.now() if pinned else None
        thread.pinned_by = actor if pinned else None
        thread.save(update_fields=["pinned_at", "pinned_by"])
    return thread


def members_to_notify(circle: Circle) -> QuerySet[User]:
    """Active members who chose an e-mail for each post."""
    return User.objects.filter(
        is_active=True,
        circle_memberships__circle=circle,
        circle_memberships__status=MembershipStatus.ACTIVE,
        circle_memberships__notify="each",
    )


def report_recipients(circle: Circle, *, besides: Collection[int] = ()) -> list[User]:
    """Whom a report of a post in ``circle`` is e-mailed to: its facilitators and the moderators
    over it (the country, its region, district or school, or the circle itself), leaving out
    the people ``besides`` (the post's author, its reporters). The methodologists over the
    circle may moderate too, but are told only when no one else would be."""
    facilitators = User.objects.filter(
        is_active=True,
        circle_memberships__circle=circle,
        circle_memberships__status=MembershipStatus.ACTIVE,
        circle_memberships__role=MemberRole.FACILITATOR,
    )
    found = {u.pk: u for u in facilitators}
    found |= {u.pk: u for u in holders_over(roles=[Role.MODERATOR], scopes=circle.scope_chain())}
    found = {pk: u for pk, u in found.items() if pk not in besides}
    if not found:
        methodologists = holders_over(
            roles=[Role.COORDINATOR],
            scopes=[s for s in circle.scope_chain() if s.kind != ScopeKind.COUNTRY],
        )
        found = {u.pk: u for u in methodologists if u.pk not in besides}
    return list(found.values())
