"""Every write a person causes in the library (docs/decisions/0024-the-library.md):
``authoring`` (resources, drafts, files, new versions) and ``review`` (submission, the
moderator's check, the experts' reviews, publication)."""

from ortaq.library.services.authoring import (
    Draft,
    DraftConflict,
    NewResource,
    attachment_add,
    attachment_remove,
    body_refused,
    resource_create,
    resource_downloaded,
    version_save,
    version_start,
    version_withdraw,
)
from ortaq.library.services.review import (
    SUBMIT_CHECKS,
    Answer,
    changes_request,
    comment_add,
    eligible_experts,
    experts_assign,
    review_send,
    version_resubmit,
    version_submit,
)

__all__ = [
    "SUBMIT_CHECKS",
    "Answer",
    "Draft",
    "DraftConflict",
    "NewResource",
    "attachment_add",
    "attachment_remove",
    "body_refused",
    "changes_request",
    "comment_add",
    "eligible_experts",
    "experts_assign",
    "resource_create",
    "resource_downloaded",
    "review_send",
    "version_resubmit",
    "version_save",
    "version_submit",
    "version_start",
    "version_withdraw",
]
