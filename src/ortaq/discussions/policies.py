"""What the owner of a discussion says about it: who reads, writes and moderates, where its
posts are shown, who is told of them, and what a post changes on the owner.

Each app that owns discussions (courses for a discussion activity, communities for a circle's
thread, later the library) registers one policy for its model in its ``AppConfig.ready``; this
app never imports them. ``readable`` is the SQL form of ``may_read`` (the rule of
``docs/decisions/0012-one-visibility-rule-per-model.md``): ``Discussion.objects.visible_to``
is built from it, and the owner's visibility test holds the two together.
"""

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.discussions.models import Discussion, Post

_POLICIES: dict[str, "DiscussionPolicy"] = {}


class DiscussionPolicy:
    """The owner's answers; a subclass names its ``model`` and overrides what differs."""

    model: type[Model]
    # A second identical post this soon is a double click (for forms without a one-time key).
    repeat_window: timedelta | None = None
    # How long after writing her post she may correct it.
    edit_window = timedelta(minutes=30)

    def readable(self, user: User) -> QuerySet[Any]:
        """The owners whose discussion ``user`` may read (the SQL twin of ``may_read``)."""
        raise NotImplementedError

    def targets(self) -> QuerySet[Any]:
        """The owners as a list of moderated posts reads them (with what ``label`` and
        ``post_url`` need)."""
        return self.model._default_manager.all()

    def may_read(self, user: User, target: Any) -> bool:
        raise NotImplementedError

    def may_write(self, user: User, target: Any) -> bool:
        raise NotImplementedError

    def write_refusal(self) -> str:
        return _("You may not write in this discussion.")

    def may_moderate(self, user: User, target: Any) -> bool:
        raise NotImplementedError

    def check_changeable(self, target: Any) -> None:
        """Raise ``DomainError`` when the owner's discussion can no longer change (an archived
        circle, say)."""

    def label(self, target: Any) -> str:
        """What the discussion is called in e-mails and the audit log."""
        return str(target)

    def post_url(self, target: Any, post: Post) -> str:
        """The page showing ``post`` (a path, in the active language)."""
        raise NotImplementedError

    def moderation_url(self, target: Any) -> str:
        raise NotImplementedError

    def settings_url(self, target: Any) -> str | None:
        """Where a reader chooses which e-mails she gets, if anywhere."""
        return None

    def attachment_url(self, target: Any, attachment_id: int) -> str:
        raise NotImplementedError

    def mentionable(self, target: Any) -> list[User] | None:
        """The readers a writer may choose to tell from a list (a small circle's members), or
        None when there are too many to list (she names them with @ instead)."""
        return None

    def subscribers(self, target: Any) -> Iterable[User]:
        """Who asked for an e-mail for each post."""
        return ()

    def moderators(self, target: Any, *, besides: Sequence[int]) -> list[User]:
        """Whom a report is e-mailed to, leaving out the people ``besides``."""
        raise NotImplementedError

    def after_post(self, post: Post, target: Any) -> None:
        """What a new post changes on the owner (counts, the last activity)."""

    def after_visibility(self, post: Post, target: Any, *, shown: bool) -> None:
        """What hiding (``shown`` false) or showing a post again changes on the owner."""


def register(policy: DiscussionPolicy) -> None:
    _POLICIES[policy.model._meta.label_lower] = policy


def registered() -> list[DiscussionPolicy]:
    return list(_POLICIES.values())


def policy_for_model(model: type[Model]) -> DiscussionPolicy:
    return _POLICIES[model._meta.label_lower]


def policy_of(discussion: Discussion) -> DiscussionPolicy:
    content_type = ContentType.objects.get_for_id(discussion.target_type_id)
    return _POLICIES[f"{content_type.app_label}.{content_type.model}"]


def target_of(discussion: Discussion) -> Any:
    """The owner of a discussion (read once, then kept on the discussion)."""
    return discussion.target


def may_read(user: User, discussion: Discussion) -> bool:
    """Whether ``user`` may read ``discussion`` (``Discussion.objects.visible_to`` in SQL)."""
    return policy_of(discussion).may_read(user, target_of(discussion))
