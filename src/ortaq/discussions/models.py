"""One discussion core for every app: a discussion belongs to one object of another app (a
course's discussion activity, a circle's thread, later a library item), and holds its posts,
their earlier versions, attachments, mentions and reports.

The owner is named by content type and id, so that this app knows none of the apps above it;
an owner declares a ``GenericRelation`` to ``Discussion`` (deleting the owner deletes its
discussion and posts) and registers a ``policies.DiscussionPolicy`` that says who may read,
write and moderate.
"""

from typing import TYPE_CHECKING, ClassVar, Self

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User


class DiscussionQuerySet(models.QuerySet["Discussion"]):
    def visible_to(self, user: User) -> Self:
        """The discussions ``user`` may read: those whose owner her policy lets her read (its
        ``readable`` queryset). ``policies.may_read`` says the same of one discussion."""
        from ortaq.discussions.policies import registered

        allowed = Q(pk__in=[])
        for policy in registered():
            allowed |= Q(
                target_type=ContentType.objects.get_for_model(policy.model),
                target_id__in=policy.readable(user).values("pk"),
            )
        return self.filter(allowed)


class Discussion(models.Model):
    """The posts of one object of another app (its ``target``), created with its first post."""

    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("opened"))

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], name="%(app_label)s_%(class)s_one_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type_id}:{self.target_id}"


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: User) -> Self:
        """The posts ``user`` may read: the shown posts of the discussions she may read, and her
        own hidden ones (with the moderator's reason)."""
        own = Q(author_id=user.pk) if user.is_authenticated else Q(pk__in=[])
        return self.filter(
            Q(hidden_at__isnull=True) | own,
            discussion__in=Discussion.objects.visible_to(user),
        )


class Post(models.Model):
    """A message in a discussion, in Markdown (rendered sanitised), perhaps answering another
    post (``parent``, one level deep) or quoting one.

    A post hidden by a moderator stays, with the reason its author sees, but no one else reads
    it: not on the page, in digests, in search or in the API. Its author may correct it for a
    while (``PostRevision`` keeps each earlier text). When its author's account is deleted the
    post stays and is shown as by a former member.
    """

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="posts", verbose_name=_("discussion")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="discussion_posts"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    quote = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    # The form's (or API client's) one-time key: a double click on "Send" makes one post.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    if TYPE_CHECKING:
        discussion_id: int
        parent_id: int | None
        quote_id: int | None

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["discussion", "created_at", "id"], name="discussions_post_order"),
            models.Index(fields=["created_at"], name="discussions_post_created"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(models.Model):
    """An earlier text of a post that its author corrected: the history of a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("message"))
    written_at = models.DateTimeField(_("written"))
    replaced_at = models.DateTimeField(_("corrected"))

    class Meta:
        ordering: ClassVar = ["written_at", "pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self) -> str:
        return self.body[:60]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # ``filename`` is the one ``core.uploads.check_upload`` made: random, with the extension of
    # the type its content has; the name a person gave the file is kept in ``name``. Files of
    # circles' posts from before the discussion core stay under "circles/".
    return f"discussions/{filename}"


class Attachment(models.Model):
    """A file attached to a post, checked by its content; served only to those who may read
    the post (never from a public URL)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        ordering: ClassVar = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """A person named with @ in a post who may read it, and so was told of it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="discussion_mentions")

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["post", "user"], name="%(app_label)s_%(class)s_once_per_post"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.user_id} in {self.post_id}"


class PostReport(models.Model):
    """A reader telling the moderators that a post breaks the rules; once per person."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=300)
    created_at = models.DateTimeField(_("reported"))
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="%(app_label)s_%(class)s_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]
