"""Deleting an account: the person is erased, what she wrote stays readable.

Her row is kept (posts, projects, certificates and answers point at it) but emptied of
everything that says who she was, and she can no longer sign in. Other apps hold data about her
that this app cannot see (it may not import them): each registers an *erasure step* in its
``AppConfig.ready`` (``erasure_step_register``), which ``account_delete`` runs in its
transaction before anything is erased. A step may refuse with a ``DomainError`` (a circle whose
only facilitator she is, say), and then nothing is written.
"""

from collections.abc import Callable

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import ApiToken, Profile, User, forget_grants_of
from ortaq.core.audit import audit_record
from ortaq.core.errors import NotAllowed
from ortaq.core.models import AuditAction

ErasureStep = Callable[[User], None]

# Where an erased account's e-mail points: the reserved top-level domain ``.invalid``
# (RFC 2606) never resolves, so nothing can be delivered there, and the id keeps it unique.
ERASED_DOMAIN = "erased.invalid"

# The columns of the user's own row that deletion rewrites.
ERASED_FIELDS = [
    "erased_at",
    "email",
    "last_name",
    "first_name",
    "middle_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
    "password",
]

_steps: list[ErasureStep] = []


def erasure_step_register(step: ErasureStep) -> None:
    """Have ``account_delete`` run ``step`` for every account it erases (once per function).

    The step runs inside the deletion's transaction, before the account itself is emptied; it
    must be idempotent (a deletion may be repeated) and may raise ``DomainError`` to refuse.
    """
    if step not in _steps:
        _steps.append(step)


def erased_email(user: User) -> str:
    return f"deleted-{user.pk}@{ERASED_DOMAIN}"


@transaction.atomic
def account_delete(*, actor: User, user: User) -> User:
    """Delete a person's account by anonymising it; deleting it again changes nothing.

    She is signed out everywhere and cannot sign in again (inactive, no password, no e-mail to
    reset one with); her names, e-mail, IIN, school, subjects, category and languages are
    erased; her API tokens are revoked, her roles taken away and allauth's e-mail records
    removed. What she wrote stays, under the name "A former member": posts, threads, projects,
    comments, questions and answers. Her certificates stay too and keep verifying, with the name
    printed on them at issue: the paper she holds must still be checkable, and a revoked one
    stays revoked. Each app's erasure step runs first (see the module's docstring).
    """
    if not actor.has_perm("accounts.delete_account", user):
        raise NotAllowed(_("You may not delete this account."), code="forbidden")
    # Lock her row: two deletions at once (a double click, an administrator at the same time)
    # run one after the other, and the second finds nothing left to do.
    found = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if found.erased_at is None:
        audit_record(actor=actor, action=AuditAction.ACCOUNT_ERASE, person=found)
    for step in _steps:
        step(found)
    found.erased_at = found.erased_at or timezone.now()
    found.email = erased_email(found)
    found.last_name = found.first_name = found.middle_name = ""
    found.is_active = found.is_staff = found.is_superuser = False
    found.last_login = None
    # An unusable password also changes the hash her sessions carry, so every session she has
    # (on any device, in the database or the cache) is refused on its next request.
    found.set_unusable_password()
    found.save(update_fields=ERASED_FIELDS)
    found.groups.clear()
    found.user_permissions.clear()
    profile, _created = Profile.objects.get_or_create(user=found)
    profile.iin = None
    profile.school = None
    profile.category = ""
    profile.languages = []
    profile.save(update_fields=["iin", "school", "category", "languages", "updated_at"])
    profile.subjects.clear()
    ApiToken.objects.filter(user=found, revoked_at__isnull=True).update(revoked_at=timezone.now())
    found.role_assignments.all().delete()
    forget_grants_of([found.pk])
    _forget_allauth_records(found)
    # The caller's object is the one pages go on to show: make it say what the row says.
    for name in ERASED_FIELDS:
        setattr(user, name, getattr(found, name))
    user.__dict__.pop("_role_grants", None)
    return user


def _forget_allauth_records(user: User) -> None:
    """Remove the e-mail addresses (and their confirmations) and any linked social accounts
    that django-allauth keeps for her."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
