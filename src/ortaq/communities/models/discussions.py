"""A circle's discussions: its threads. A thread's posts, their files, mentions and reports
are the discussion core's (``ortaq.discussions``), reached through ``discussions``."""

from typing import ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.communities.models.circles import Circle
from ortaq.discussions.models import Post


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
    # Its posts (one discussion); deleting the thread deletes them.
    discussions = GenericRelation(
        "discussions.Discussion",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="thread",
    )

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

    @property
    def posts(self) -> "QuerySet[Post]":
        """The thread's posts (its discussion's), in the order written."""
        return Post.objects.filter(discussion__thread=self)


def attachment_path(instance: object, filename: str) -> str:
    # Named by the migrations that made circles' attachments before the discussion core
    # (``ortaq.discussions.models.Attachment`` now keeps them, and their stored names).
    return f"circles/{filename}"
