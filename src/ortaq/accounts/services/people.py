"""Changes people make to their own account and profile."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ortaq.accounts.models import Profile, RoleAssignment, User, forget_cached_users
from ortaq.accounts.services.lookups import OWN, iin_lookups_record
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject
from ortaq.core.roles import Role, ScopeKind
from ortaq.schools.models import School


@dataclass(frozen=True, slots=True)
class ProfileFields:
    """What a person edits about herself on her profile page."""

    last_name: str
    first_name: str
    middle_name: str
    iin: str | None
    category: str
    languages: tuple[str, ...]
    subjects: tuple[Subject, ...]
    language: str


def _check_may_change(actor: User, user: User) -> None:
    if not actor.has_perm("accounts.change_profile", user):
        raise NotAllowed(_("You may not change this person's profile."))


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    last_name: str = "",
    first_name: str = "",
    language: str = "kk",
    verified: bool = False,
    is_staff: bool = False,
) -> User:
    """Open an account (with its profile and e-mail record) for the operator or the demo.

    People open their own accounts through the sign-up page; this is for scripts.
    """
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise DomainError(_("An account with this e-mail already exists."), code="email_taken")
    user = User.objects.create_user(
        email,
        password,
        last_name=last_name,
        first_name=first_name,
        language=language,
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@transaction.atomic
def profile_create(*, user: User) -> Profile:
    """Give a new account its (empty) profile; doing it again changes nothing."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, actor: User, user: User, data: ProfileFields) -> User:
    """Save a person's names, IIN, category, languages and subjects.

    An IIN already on another account is refused rather than moved; changing to another IIN
    counts against the day's quota of IIN look-ups.
    """
    _check_may_change(actor, user)
    profile = user.profile
    if data.iin and data.iin != profile.iin:
        # "Already on another account" tells whether an IIN is registered: a few a day.
        iin_lookups_record(
            actor=actor, looked_up=1, probing=1, purpose=OWN if actor == user else "profile"
        )
    if data.iin and Profile.objects.filter(iin=data.iin).exclude(pk=profile.pk).exists():
        raise DomainError(_("This IIN is already on another account."), code="iin_taken")
    for name in ("last_name", "first_name", "middle_name", "language"):
        setattr(user, name, getattr(data, name))
    user.save(update_fields=["last_name", "first_name", "middle_name", "language"])
    profile.iin = data.iin or None
    profile.category = data.category
    profile.languages = list(data.languages)
    try:
        profile.full_clean(exclude=["user", "school", "created_at", "updated_at"])
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    profile.save(update_fields=["iin", "category", "languages", "updated_at"])
    profile.subjects.set(data.subjects)
    return user


@transaction.atomic
def profile_set_school(*, actor: User, user: User, school: School | None) -> Profile:
    """Say where a person works (or that she works at no school).

    The teacher role moves with her, as it does when a methodologist imports her: she holds it
    at her school and no longer at the one she left.
    """
    _check_may_change(actor, user)
    profile = user.profile
    if profile.school_id != (school.pk if school else None):
        profile.school = school
        profile.save(update_fields=["school", "updated_at"])
        teacher_roles = RoleAssignment.objects.filter(
            user=user, role=Role.TEACHER, scope_kind=ScopeKind.SCHOOL
        )
        teacher_roles.exclude(school=school).delete()
        if school is not None:
            RoleAssignment.objects.get_or_create(
                user=user, role=Role.TEACHER, scope_kind=ScopeKind.SCHOOL, school=school
            )
        user.forget_role_grants()
    return profile


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language a person chose, for her e-mails and documents."""
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        forget_cached_users([user.pk])


def subjects_matching(values: Iterable[str]) -> tuple[dict[str, Subject], list[str]]:
    """Match subject codes or names (any language, any case); return matches and the unknown."""
    index: dict[str, Subject] = {}
    for subject in Subject.objects.all():
        for key in (subject.code, subject.name_kk, subject.name_ru, subject.name_en):
            index[key.strip().lower()] = subject
    found: dict[str, Subject] = {}
    unknown: list[str] = []
    for value in values:
        match = index.get(value.strip().lower())
        if match is None:
            unknown.append(value.strip())
        else:
            found[value] = match
    return found, unknown
