"""Every write in a circle's discussions: open a thread, reply, edit, attach files, mention
colleagues, pin, report, hide and unhide.

Posting is idempotent per one-time form key (``client_key``): a double click, or the same form
sent twice at once, makes one post. ``Thread.post_count`` and ``last_post_at`` count visible posts
and are kept here, so lists cost one query whatever the threads' length.
"""

import re
import uuid
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Attachment, Circle, Mention, Post, PostReport, Thread
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.once import create_once, made_before
from ortaq.core.roles import Role, ScopeKind
from ortaq.core.uploads import DOCUMENT, IMAGE, CheckedUpload, UploadKind, check_upload

MAX_POST_LENGTH = 20_000
MAX_ATTACHMENTS = 5
EDIT_WINDOW = timedelta(minutes=30)
ATTACHMENT = UploadKind(
    gettext_lazy("a picture, a PDF or an Office document"),
    (IMAGE.mime_types | DOCUMENT.mime_types) - {"application/zip"},
    10 * 1024 * 1024,
)
# "@aigul.seitova" names the person whose e-mail begins "aigul.seitova@": letters, digits, dots,
# hyphens and underscores, as e-mail local parts have.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._-]{2,64})")


def _require_post(actor: Any, circle: Circle) -> None:
    if not actor.has_perm("communities.post", circle):
        raise NotAllowed(_("Only the circle's members write in its discussions."))


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError(_("Write something first."), code="empty")
    if len(body) > MAX_POST_LENGTH:
        raise DomainError(
            _("A post may be at most %(max)s characters long.") % {"max": MAX_POST_LENGTH},
            code="too_long",
        )
    return body


def _check_files(files: Sequence[UploadedFile[bytes]]) -> list[CheckedUpload]:
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(
            _("Attach at most %(max)s files to a post.") % {"max": MAX_ATTACHMENTS},
            code="too_many",
        )
    return [check_upload(upload, ATTACHMENT) for upload in files]


def _attach(post: Post, files: Sequence[CheckedUpload]) -> None:
    for upload in files:
        attachment = Attachment(
            post=post,
            name=upload.original_name,
            content_type=upload.type.mime,
            size=upload.file.size or 0,
        )
        attachment.file.save(upload.file.name or "", upload.file, save=False)
        attachment.save()


def readers_named(circle: Circle, body: str) -> list[User]:
    """The people named with @ in ``body`` who may read the circle: anyone else named (someone
    outside a members-only circle) is not told, and so learns nothing of it."""
    handles = {h.rstrip(".").lower() for h in MENTION.findall(body)}
    if not handles:
        return []
    named = Q()
    for handle in handles:
        named |= Q(email__istartswith=f"{handle}@")
    candidates = list(User.objects.filter(named, is_active=True)[:50])
    return [u for u in candidates if u.has_perm("communities.view_circle", circle)]


def _after_post(post: Post, circle: Circle, mentioned: list[User]) -> None:
    Mention.objects.bulk_create(
        [Mention(post=post, user=u) for u in mentioned if u.pk != post.author_id],
        ignore_conflicts=True,
    )
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=post.created_at)
    enqueue_on_commit("ortaq.communities.tasks.discussions.notify_post", post.pk)


def thread_create(
    *,
    actor: Any,
    circle: Circle,
    title: str,
    body: str,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
) -> Thread:
    """Open a thread with its first post; the same form sent twice opens one thread."""
    _require_post(actor, circle)
    found = made_before(Thread, client_key, author=actor)
    if found is not None:
        return found
    title, body = title.strip(), _clean_body(body)
    if not title:
        raise DomainError(_("Give the thread a title."), code="title")
    checked = _check_files(files)

    def create() -> Thread:
        now = timezone.now()
        thread = Thread.objects.create(
            circle=circle, title=title[:200], author=actor, created_at=now,
            last_post_at=now, post_count=1, client_key=client_key,
        )  # fmt: skip
        post = Post.objects.create(thread=thread, author=actor, body=body, created_at=now)
        _attach(post, checked)
        _after_post(post, circle, readers_named(circle, body))
        return thread

    return create_once(create, model=Thread, key=client_key, author=actor)


def post_reply(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
) -> Post:
    """Reply in a thread; the same form sent twice makes one post."""
    circle = thread.circle
    _require_post(actor, circle)
    found = made_before(Post, client_key, author=actor)
    if found is not None:
        return found
    body = _clean_body(body)
    checked = _check_files(files)

    def create() -> Post:
        now = timezone.now()
        post = Post.objects.create(
            thread=thread, author=actor, body=body, created_at=now, client_key=client_key
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        _attach(post, checked)
        _after_post(post, circle, readers_named(circle, body))
        return post

    return create_once(create, model=Post, key=client_key, author=actor)


@transaction.atomic
def post_edit(*, actor: Any, post: Post, body: str) -> Post:
    """Correct her own post within half an hour of writing it (a hidden one stays hidden).

    She must still be allowed to write in the circle (not gone, the circle not archived). The
    readers she names with @ for the first time in the correction are told, once each."""
    if post.author_id != actor.pk or post.is_hidden:
        raise NotAllowed(_("You may not edit this post."))
    circle = post.thread.circle
    if circle.archived_at is not None:
        raise DomainError(
            _("The circle is archived: its discussions can no longer change."), code="archived"
        )
    _require_post(actor, circle)
    if timezone.now() - post.created_at > EDIT_WINDOW:
        raise DomainError(
            _("Posts can be corrected for %(minutes)s minutes after writing.")
            % {"minutes": int(EDIT_WINDOW.total_seconds() // 60)},
            code="too_late",
        )
    body = _clean_body(body)
    # The row lock makes two corrections sent at once tell a newly named person once.
    Post.objects.select_for_update(of=("self",)).filter(pk=post.pk).first()
    post.body, post.edited_at = body, timezone.now()
    post.save(update_fields=["body", "edited_at"])
    told = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    newly = [u for u in readers_named(circle, body) if u.pk not in told and u.pk != actor.pk]
    if newly:
        Mention.objects.bulk_create(
            [Mention(post=post, user=u) for u in newly], ignore_conflicts=True
        )
        ids = [u.pk for u in newly]
        enqueue_on_commit("ortaq.communities.tasks.discussions.notify_mentioned", post.pk, ids)
    return post


@transaction.atomic
def thread_pin(*, actor: Any, thread: Thread, pinned: bool) -> Thread:
    """Pin a thread to the top of the list, or unpin it."""
    if not actor.has_perm("communities.pin_thread", thread.circle):
        raise NotAllowed(_("Only the circle's facilitators pin threads."))
    if pinned != (thread.pinned_at is not None):
        thread.pinned_at = timezone.now() if pinned else None
        thread.pinned_by = actor if pinned else None
        thread.save(update_fields=["pinned_at", "pinned_by"])
    return thread


@transaction.atomic
def post_report(*, actor: Any, post: Post, reason: str) -> PostReport:
    """Tell the moderators that a post breaks the rules; once per person and post.

    The first open report of a post e-mails the circle's facilitators and the moderators over
    it; later reports wait in the moderation queue until the reports are dealt with (hidden or
    dismissed), after which a new report e-mails them again."""
    if not actor.has_perm("communities.report_post", post.thread.circle):
        raise NotAllowed(_("You may not report this post."))
    if not reason.strip():
        raise DomainError(_("Say what is wrong with the post."), code="reason")
    # The row lock orders reports of one post sent at once, so that only the first e-mails.
    locked = Post.objects.select_for_update(of=("self",)).filter(pk=post.pk).first()
    if locked is None or locked.is_hidden:
        raise DomainError(_("A moderator has already hidden this post."), code="hidden")
    already_open = PostReport.objects.filter(post=post, resolved_at__isnull=True).exists()
    report, created = PostReport.objects.get_or_create(
        post=post,
        reporter=actor,
        defaults={"reason": reason.strip()[:300], "created_at": timezone.now()},
    )
    if created and not already_open:
        enqueue_on_commit("ortaq.communities.tasks.discussions.notify_report", post.pk)
    return report


@transaction.atomic
def post_hide(*, actor: Any, post: Post, reason: str) -> Post:
    """Hide a post, with a reason that its author sees; its reports are dealt with."""
    if not actor.has_perm("communities.moderate", post.thread.circle):
        raise NotAllowed(_("Only moderators hide posts."))
    if not reason.strip():
        raise DomainError(_("Give the reason: its author sees it."), code="reason")
    if post.hidden_at is None:
        now = timezone.now()
        post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason.strip()[:300]
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _audit(actor, AuditAction.POST_HIDE, post, reason=post.hidden_reason)
        Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") - 1)
        PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor
        )
    return post


@transaction.atomic
def post_unhide(*, actor: Any, post: Post) -> Post:
    """Show a hidden post again (a moderator's mistake, or the author put it right); its
    reason is cleared, so its author no longer sees it. Unhiding again changes nothing."""
    if not actor.has_perm("communities.moderate", post.thread.circle):
        raise NotAllowed(_("Only moderators show hidden posts again."))
    found = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if found.hidden_at is not None:
        found.hidden_at, found.hidden_by, found.hidden_reason = None, None, ""
        found.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        Thread.objects.filter(pk=found.thread_id).update(post_count=F("post_count") + 1)
        _audit(actor, AuditAction.POST_UNHIDE, found)
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    return post


@transaction.atomic
def reports_dismiss(*, actor: Any, post: Post) -> None:
    """Close a post's reports and leave it as it is."""
    if not actor.has_perm("communities.moderate", post.thread.circle):
        raise NotAllowed(_("Only moderators deal with reports."))
    if PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    ):
        _audit(actor, AuditAction.REPORTS_DISMISS, post)


def _audit(actor: Any, action: AuditAction, post: Post, reason: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        person=post.author,
        target=post,
        label=post.thread.title,
        reason=reason,
    )


def members_to_notify(circle: Circle) -> Any:
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
