"""A circle's discussions: threads, posts, their attachments, mentions and reports."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.communities.models.circles import Circle


class Thread(models.Model):
    """A conversation in a circle, opened by its first post.

    ``post_count`` and ``last_post_at`` count the visible posts, kept by the services that write
    posts, so that the list of threads costs one query whatever their length.
    """

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="threads", verbose_name=_("circle")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="circle_threads"
    )
    created_at = models.DateTimeField(_("opened"))
    last_post_at = models.DateTimeField(_("last post"))
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The form's one-time key: a double click on "Start" opens one thread, not two.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-pinned_at", "-last_post_at", "-pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["circle", "-pinned_at", "-last_post_at"], name="communities_thread_list"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A message in a thread, in Markdown (rendered sanitised).

    A post hidden by a moderator stays, with the reason its author sees, but no one else reads
    it: not on the page, in digests, in search or in the API. When its author's account is
    deleted, the post stays and is shown as by a former member.
    """

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="circle_posts"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    # The form's one-time key: a double click on "Send" makes one post, not two.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

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
            models.Index(fields=["thread", "created_at", "id"], name="communities_post_order"),
            models.Index(fields=["created_at"], name="communities_post_created"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


def attachment_path(instance: "Attachment", filename: str) -> str:
    # ``filename`` is the one ``core.uploads.check_upload`` made: random, with the extension of
    # the type its content has; the name a person gave the file is kept in ``name``.
    return f"circles/{filename}"


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
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="circle_mentions")

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["post", "user"], name="%(app_label)s_%(class)s_once_per_post"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.user} in {self.post_id}"


class PostReport(models.Model):
    """A member telling the moderators that a post breaks the rules; once per person."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=300)
    created_at = models.DateTimeField(_("reported"))
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="%(app_label)s_%(class)s_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.reason
