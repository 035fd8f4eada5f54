"""Every write in a discussion, whoever owns it: write (a reply, a quote, with files and
mentions), correct with history, report, hide and show again, dismiss reports.

Permissions come from the owner's policy (``policies``). Writing is idempotent per one-time key
(``client_key``); the owner's counts are kept by its ``after_post`` and ``after_visibility``.
E-mails (to those named, to those who asked for each post, to the moderators) are queued here,
so that every way of writing (a page, the API) sends them.
"""

import re
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.once import create_once, made_before
from ortaq.core.uploads import DOCUMENT, IMAGE, CheckedUpload, UploadKind, check_upload
from ortaq.discussions.models import Attachment, Discussion, Mention, Post, PostReport, PostRevision
from ortaq.discussions.policies import DiscussionPolicy, policy_for_model, policy_of, target_of

MAX_POST_LENGTH = 20_000
MAX_ATTACHMENTS = 5
ATTACHMENT = UploadKind(
    gettext_lazy("a picture, a PDF or an Office document"),
    (IMAGE.mime_types | DOCUMENT.mime_types) - {"application/zip"},
    10 * 1024 * 1024,
)
# "@aigul.seitova" names the person whose e-mail begins "aigul.seitova@": letters, digits, dots,
# hyphens and underscores, as e-mail local parts have.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._-]{2,64})")


def clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError(_("Write something first."), code="empty")
    if len(body) > MAX_POST_LENGTH:
        raise DomainError(
            _("A post may be at most %(max)s characters long.") % {"max": MAX_POST_LENGTH},
            code="too_long",
        )
    return body


def check_files(files: Sequence[UploadedFile[bytes]]) -> list[CheckedUpload]:
    """Check each file by its content (``core.uploads``), before anything is written."""
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


def readers_named(policy: DiscussionPolicy, target: Any, body: str) -> list[User]:
    """The people named with @ in ``body`` who may read the discussion: anyone else named
    (someone outside a members-only circle, a teacher not in the course) is not told, and so
    learns nothing of it."""
    handles = {h.rstrip(".").lower() for h in MENTION.findall(body)}
    if not handles:
        return []
    named = Q()
    for handle in handles:
        named |= Q(email__istartswith=f"{handle}@")
    candidates = list(User.objects.filter(named, is_active=True)[:50])
    return [u for u in candidates if policy.may_read(u, target)]


def handles_not_told(policy: DiscussionPolicy, target: Any, body: str) -> list[str]:
    """The @handles in ``body`` that name no one who may read the discussion (an unknown
    handle, someone outside a members-only circle): the writer is told they were not told."""
    handles = sorted({h.rstrip(".").lower() for h in MENTION.findall(body)})
    if not handles:
        return []
    told = {u.email.rsplit("@", 1)[0].lower() for u in readers_named(policy, target, body)}
    return [h for h in handles if h not in told]


def readers_chosen(policy: DiscussionPolicy, target: Any, chosen: Collection[int]) -> list[User]:
    """The people ticked in the form's list who may read the discussion (others are ignored:
    the list only offers readers)."""
    if not chosen:
        return []
    found = User.objects.filter(pk__in=list(chosen)[:200], is_active=True)
    return [u for u in found if policy.may_read(u, target)]


def discussion_open(*, target: Model) -> Discussion:
    """The discussion of ``target``, made with its first post (two first posts at once make one
    discussion)."""
    discussion, _created = Discussion.objects.get_or_create(
        target_type=_content_type(target),
        target_id=target.pk,
        defaults={"created_at": timezone.now()},
    )
    discussion.target = target
    return discussion


def _content_type(target: Model) -> Any:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(target)


@transaction.atomic
def post_create(
    *,
    actor: User,
    target: Model,
    body: str,
    parent: Post | None = None,
    quote: Post | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
    tell: Collection[int] = (),
) -> Post:
    """Write in the discussion of ``target``; the same one-time key sent again makes one post.

    A reply to a reply answers its thread, quoting the reply (replies stay one level deep). The
    readers named with @ or chosen in ``tell`` (ids of users) are told, and so are those who
    asked for each post."""
    policy = policy_for_model(type(target))
    if not policy.may_write(actor, target):
        raise NotAllowed(policy.write_refusal())
    found = made_before(Post, client_key, author_id=actor.pk)
    if found is not None:
        return found
    body = clean_body(body)
    checked = check_files(files)
    discussion = discussion_open(target=target)
    for other in (parent, quote):
        if other is not None and (other.discussion_id != discussion.pk or other.is_hidden):
            raise DomainError(_("You can only answer a visible post of this discussion."))
    if parent is not None and parent.parent_id is not None:
        quote, parent = quote or parent, parent.parent
    if policy.repeat_window is not None and client_key is None:
        recent = Post.objects.filter(
            discussion=discussion,
            author_id=actor.pk,
            body=body,
            parent=parent,
            created_at__gte=timezone.now() - policy.repeat_window,
        ).first()
        if recent is not None:
            return recent

    def create() -> Post:
        post = Post.objects.create(
            discussion=discussion, author=actor, parent=parent, quote=quote, body=body,
            created_at=timezone.now(), client_key=client_key,
        )  # fmt: skip
        _attach(post, checked)
        named = {  # one mention each, named with @ and ticked alike
            u.pk: u
            for u in [*readers_named(policy, target, body), *readers_chosen(policy, target, tell)]
            if u.pk != actor.pk
        }
        Mention.objects.bulk_create([Mention(post=post, user=u) for u in named.values()])
        policy.after_post(post, target)
        post_id = post.pk
        enqueue_on_commit("ortaq.discussions.tasks.notify_post", post_id)
        return post

    return create_once(create, model=Post, key=client_key, author_id=actor.pk)


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str) -> Post:
    """Correct her own post for a while after writing it (a hidden one stays hidden); the text
    it had is kept as a ``PostRevision``. She must still be allowed to write there. The readers
    she names with @ for the first time in the correction are told, once each."""
    if post.author_id != actor.pk or post.is_hidden:
        raise NotAllowed(_("You may not edit this post."))
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    policy.check_changeable(target)
    if not policy.may_write(actor, target):
        raise NotAllowed(policy.write_refusal())
    if timezone.now() - post.created_at > policy.edit_window:
        raise DomainError(
            _("Posts can be corrected for %(minutes)s minutes after writing.")
            % {"minutes": int(policy.edit_window.total_seconds() // 60)},
            code="too_late",
        )
    body = clean_body(body)
    # The row lock makes two corrections sent at once keep both earlier texts and tell a newly
    # named person once.
    locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if locked.body == body:
        return post
    now = timezone.now()
    PostRevision.objects.create(
        post=post, body=locked.body, written_at=locked.edited_at or locked.created_at,
        replaced_at=now,
    )  # fmt: skip
    post.body, post.edited_at = body, now
    post.save(update_fields=["body", "edited_at"])
    told = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    newly = [
        u for u in readers_named(policy, target, body) if u.pk not in told and u.pk != actor.pk
    ]
    if newly:
        Mention.objects.bulk_create(
            [Mention(post=post, user=u) for u in newly], ignore_conflicts=True
        )
        ids, post_id = [u.pk for u in newly], post.pk
        enqueue_on_commit("ortaq.discussions.tasks.notify_mentioned", post_id, ids)
    return post


@transaction.atomic
def post_report(*, actor: User, post: Post, reason: str) -> PostReport:
    """Tell the moderators that a post breaks the rules; once per person and post.

    The first open report of a post e-mails the moderators; later reports wait in the
    moderation queue until the reports are dealt with (hidden or dismissed), after which a new
    report e-mails them again."""
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    if not policy.may_read(actor, target):
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
        post_id = post.pk
        enqueue_on_commit("ortaq.discussions.tasks.notify_report", post_id)
    return report


def _moderating(actor: User, post: Post, refusal: str) -> tuple[DiscussionPolicy, Any]:
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    if not policy.may_moderate(actor, target):
        raise NotAllowed(refusal)
    return policy, target


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post, with a reason that its author sees; its reports are dealt with."""
    policy, target = _moderating(actor, post, _("Only moderators hide posts."))
    if not reason.strip():
        raise DomainError(_("Give the reason: its author sees it."), code="reason")
    locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    now = timezone.now()
    if locked.hidden_at is None:
        post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason.strip()[:300]
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _audit(actor, AuditAction.POST_HIDE, post, policy.label(target), post.hidden_reason)
        policy.after_visibility(post, target, shown=False)
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor
    )
    return post


@transaction.atomic
def post_unhide(*, actor: User, post: Post) -> Post:
    """Show a hidden post again (a moderator's mistake, or the author put it right); its
    reason is cleared, so its author no longer sees it. Unhiding again changes nothing."""
    policy, target = _moderating(actor, post, _("Only moderators show hidden posts again."))
    locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if locked.hidden_at is not None:
        locked.hidden_at, locked.hidden_by, locked.hidden_reason = None, None, ""
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        policy.after_visibility(locked, target, shown=True)
        _audit(actor, AuditAction.POST_UNHIDE, post, policy.label(target))
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    return post


@transaction.atomic
def reports_dismiss(*, actor: User, post: Post) -> None:
    """Close a post's reports and leave it as it is."""
    policy, target = _moderating(actor, post, _("Only moderators deal with reports."))
    if PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    ):
        _audit(actor, AuditAction.REPORTS_DISMISS, post, policy.label(target))


def _audit(actor: User, action: AuditAction, post: Post, label: str, reason: str = "") -> None:
    audit_record(
        actor=actor, action=action, person=post.author, target=post, label=label, reason=reason
    )
