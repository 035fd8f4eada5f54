"""Discussions inside a course: posts, replies, quotes, reports and hiding by moderators."""

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.core.audit import audit_record
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.once import create_once, made_before
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Activity, Enrollment, Post, PostReport
from ortaq.courses.services.notices import moderators_alert
from ortaq.courses.services.progress import _check_may_progress, progress_record

MAX_POST_LENGTH = 10_000
# A second identical post from the same person this soon is a double click, not a new post.
REPEAT_WINDOW = timedelta(seconds=30)


def may_post(actor: Any, activity: Activity) -> bool:
    course = activity.module.course
    return (
        actor.has_perm("courses.moderate", course)
        or Enrollment.objects.filter(
            user_id=actor.pk,
            course=course,
            status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED],
        ).exists()
    )


@transaction.atomic
def post_create(
    *,
    actor: Any,
    activity: Activity,
    body: str,
    parent: Post | None = None,
    quote: Post | None = None,
    client_key: uuid.UUID | None = None,
) -> Post:
    """Write in an activity's discussion; writing completes the discussion activity.

    Only enrolled teachers (and the course's trainers and moderators) write. The same text sent
    twice within half a minute makes one post, and so does the same ``client_key`` (an API
    client's one-time key) sent again at any time.
    """
    if activity.kind != ActivityKind.DISCUSSION:
        raise DomainError(_("This activity has no discussion."))
    body = body.strip()
    if not body:
        raise DomainError(_("Write something first."))
    if len(body) > MAX_POST_LENGTH:
        raise DomainError(
            _("A post may be at most %(max)s characters long.") % {"max": MAX_POST_LENGTH}
        )
    for other in (parent, quote):
        if other is not None and (other.activity_id != activity.pk or other.is_hidden):
            raise DomainError(_("You can only answer a visible post of this discussion."))
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user")
        .filter(user_id=actor.pk, course_id=activity.module.course_id)
        .first()
    )
    if not may_post(actor, activity):
        raise NotAllowed(_("Enrol in the course to take part in its discussions."))
    if enrollment is not None:
        # Writing is a step of the course like any other: the ratings before come first.
        _check_may_progress(enrollment)
    if parent is not None and parent.parent_id is not None:
        # Replies stay one level deep: answering a reply answers its thread, quoting the reply.
        quote, parent = quote or parent, parent.parent
    keyed = made_before(Post, client_key, author_id=actor.pk)
    if keyed is not None:
        return keyed
    recent = Post.objects.filter(
        activity=activity,
        author_id=actor.pk,
        body=body,
        parent=parent,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if recent is not None:
        return recent
    post = create_once(
        lambda: Post.objects.create(
            activity=activity,
            author_id=actor.pk,
            parent=parent,
            quote=quote,
            body=body,
            created_at=timezone.now(),
            client_key=client_key,
        ),
        model=Post,
        key=client_key,
        author_id=actor.pk,
    )
    if enrollment is not None:
        progress_record(enrollment, activity, done=True)
    return post


@transaction.atomic
def post_report(*, actor: Any, post: Post, reason: str) -> PostReport:
    """Tell the course's moderators that a post breaks the rules; once per person. The e-mail to
    them is queued here, so that every way of reporting (the page, the API) sends it."""
    if not may_post(actor, post.activity):
        raise NotAllowed(_("Enrol in the course to take part in its discussions."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what is wrong with the post."))
    # get_or_create takes the other row when two reports of hers race.
    report, _created = PostReport.objects.get_or_create(
        post=post,
        reporter_id=actor.pk,
        defaults={"reason": reason[:300], "created_at": timezone.now()},
    )
    moderators_alert(report=report)
    return report


@transaction.atomic
def post_hide(*, actor: Any, post: Post, reason: str) -> Post:
    """Hide a post from everyone but its author, who sees why; its reports are dealt with."""
    if not actor.has_perm("courses.moderate", post.activity.module.course):
        raise NotAllowed(_("Only the course's moderators hide posts."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the post is hidden: its author will see it."))
    now = timezone.now()
    if post.hidden_at is None:
        post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason[:300]
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _audit(actor, AuditAction.POST_HIDE, post, reason=post.hidden_reason)
    post.reports.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor)
    return post


@transaction.atomic
def reports_dismiss(*, actor: Any, post: Post) -> None:
    """Close a post's reports and leave the post as it is."""
    if not actor.has_perm("courses.moderate", post.activity.module.course):
        raise NotAllowed(_("Only the course's moderators deal with reports."))
    if post.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    ):
        _audit(actor, AuditAction.REPORTS_DISMISS, post)


def _audit(actor: Any, action: AuditAction, post: Post, reason: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        person=post.author,
        target=post,
        label=post.activity.title,
        reason=reason,
    )
