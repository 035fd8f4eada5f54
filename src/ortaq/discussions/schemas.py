"""The API's shapes of discussions, the same for every owner (a course's discussion, a circle's
thread): posts with their files, quotes and replies, and what a client sends."""

import uuid
from datetime import datetime
from typing import Any

from ninja import Field, Schema

from ortaq.discussions.models import Attachment, Post, PostReport
from ortaq.discussions.policies import policy_of
from ortaq.discussions.services import MAX_POST_LENGTH


class AttachmentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str = Field(description="Served only to those who may read the discussion.")

    @staticmethod
    def resolve_url(attachment: Attachment) -> str:
        discussion = attachment.post.discussion
        return policy_of(discussion).attachment_url(discussion.target, attachment.pk)


class QuoteOut(Schema):
    id: int
    author: str | None
    body: str | None = Field(description="null when a moderator has hidden the quoted post")


def _own(post: Post, context: dict[str, Any]) -> bool:
    return post.author_id is not None and post.author_id == context["request"].user.pk


class PostOut(Schema):
    """A post; a hidden one's text, files and reason only for its author."""

    id: int
    author: str | None
    mine: bool
    created_at: datetime
    edited_at: datetime | None
    parent_id: int | None
    quote: QuoteOut | None
    hidden: bool
    body: str | None
    hidden_reason: str | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author(post: Post) -> str | None:
        return post.author.get_full_name() if post.author else None

    @staticmethod
    def resolve_mine(post: Post, context: dict[str, Any]) -> bool:
        return _own(post, context)

    @staticmethod
    def resolve_quote(post: Post) -> QuoteOut | None:
        quote = post.quote
        if quote is None:
            return None
        return QuoteOut(
            id=quote.pk,
            author=quote.author.get_full_name() if quote.author else None,
            body=None if quote.is_hidden else quote.body,
        )

    @staticmethod
    def resolve_hidden(post: Post) -> bool:
        return post.is_hidden

    @staticmethod
    def resolve_body(post: Post, context: dict[str, Any]) -> str | None:
        return post.body if not post.is_hidden or _own(post, context) else None

    @staticmethod
    def resolve_hidden_reason(post: Post, context: dict[str, Any]) -> str | None:
        return post.hidden_reason if post.is_hidden and _own(post, context) else None

    @staticmethod
    def resolve_attachments(post: Post) -> list[Attachment]:
        if post.is_hidden:
            return []
        found = list(post.attachments.all())
        for attachment in found:  # the post and its owner are at hand: no query per file
            attachment.post = post
        return found


class PostWithRepliesOut(PostOut):
    """An opening post with its replies (where posts answer each other), as
    ``queries.threads_page`` reads them."""

    replies: list[PostOut]

    @staticmethod
    def resolve_replies(post: Post) -> list[Post]:
        return list(getattr(post, "shown_replies", []))


class PostReportOut(Schema):
    reason: str
    created_at: datetime


class ReportedOut(PostOut):
    """A post with its open reports."""

    reports: list[PostReportOut]

    @staticmethod
    def resolve_reports(post: Post) -> list[PostReport]:
        return list(post.reports.all())


class PostIn(Schema):
    body: str = Field(max_length=MAX_POST_LENGTH)
    parent_id: int | None = Field(None, description="The post answered (its thread)")
    quote_id: int | None = Field(None, description="The post quoted")
    client_key: uuid.UUID | None = Field(
        None, description="A new random key per post: sending it again makes no second post"
    )


class EditIn(Schema):
    body: str = Field(max_length=MAX_POST_LENGTH)


class ReportIn(Schema):
    reason: str = Field(max_length=300)


class HideIn(Schema):
    reason: str = Field(max_length=300, description="Its author sees it.")
