"""Who may do what with an association's journal.

The association's editor (a ``networks.Appointment``) keeps the journal: its calls, every
submission, reviewers, decisions and issues (``journal.edit_journal``; SQL twin
``Journal.objects.edited_by``). A submission is read by its authors, by the editor and by the
reviewers assigned to it with their account (``journal.view_submission``; SQL twin
``Submission.objects.visible_to``). A reviewer reads her review's manuscript through the review
page only, which a one-time link opens too (``services.review_by_token``). Published issues
and articles are public.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import predicate
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.journal.models import Journal, Review, Submission
from ortaq.networks.choices import Steward
from ortaq.networks.models import Association
from ortaq.networks.permissions import appointments_of


def _association(obj: object) -> Association | None:
    if isinstance(obj, Association):
        return obj
    if isinstance(obj, Journal):
        return obj.association
    if isinstance(obj, Submission | Review):
        journal = obj.submission.journal if isinstance(obj, Review) else obj.journal
        return journal.association
    return None


def authors_of(submission: Submission) -> frozenset[int]:
    """The ids of a submission's authors, read once per submission object."""
    cached: frozenset[int] | None = submission.__dict__.get("_author_ids")
    if cached is None:
        cached = frozenset(submission.authors.values_list("user_id", flat=True))
        submission.__dict__["_author_ids"] = cached
    return cached


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


@predicate
def is_editor(user: User | AnonymousUser, obj: object) -> bool:
    """The editor of the association whose journal ``obj`` belongs to."""
    association = _association(obj)
    return association is not None and Steward.EDITOR in appointments_of(user, association)


@predicate
def is_author(user: User | AnonymousUser, obj: object) -> bool:
    return isinstance(obj, Submission) and user.pk in authors_of(obj)


@predicate
def is_assigned_reviewer(user: User | AnonymousUser, obj: object) -> bool:
    if isinstance(obj, Review):
        return obj.reviewer_id is not None and obj.reviewer_id == user.pk
    if isinstance(obj, Submission):
        return obj.reviews.filter(reviewer_id=user.pk).exists()
    return False


rules.add_perm("journal.edit_journal", is_signed_in & is_editor)
# Its SQL: ``Submission.objects.visible_to``.
rules.add_perm(
    "journal.view_submission", is_signed_in & (is_author | is_editor | is_assigned_reviewer)
)
rules.add_perm("journal.revise_submission", is_signed_in & is_author)
rules.add_perm("journal.write_review", is_signed_in & is_assigned_reviewer)
