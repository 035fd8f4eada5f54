"""Every write about associations of schools: create one and change its page, add and remove
member schools, appoint and remove coordinators and the editor, write, change and delete news;
and what deleting an account does to her appointments.

Appointing and removing coordinators and the editor is audited (they speak for the association
in public); each such change locks the association's row first, so two of them at once run one
after the other and an association never loses its last coordinator nor gains a second editor.
"""

import uuid
from dataclasses import dataclass, fields, replace

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortaq.accounts.models import User
from ortaq.core.audit import audit_record
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.once import create_once, made_before
from ortaq.networks.choices import LANGUAGES, Steward
from ortaq.networks.models import (
    RESERVED_SLUGS,
    SLUG,
    SLUG_LENGTH,
    Appointment,
    Association,
    MemberSchool,
    NewsPost,
)
from ortaq.networks.permissions import forget_appointments, may_create_in
from ortaq.schools.models import Region, School

# Longer news is a document: it belongs in the journal (or a linked file), not on the site.
MAX_NEWS_LENGTH = 20_000
APPOINTED = {
    Steward.COORDINATOR: AuditAction.COORDINATOR_APPOINT,
    Steward.EDITOR: AuditAction.EDITOR_APPOINT,
}
REMOVED = {
    Steward.COORDINATOR: AuditAction.COORDINATOR_REMOVE,
    Steward.EDITOR: AuditAction.EDITOR_REMOVE,
}


@dataclass(frozen=True)
class AssociationText:
    """What an association says of itself: its name and about text (Markdown) in Kazakh,
    Russian and English; a name in Kazakh or Russian at least."""

    name_kk: str = ""
    name_ru: str = ""
    name_en: str = ""
    about_kk: str = ""
    about_ru: str = ""
    about_en: str = ""

    def cleaned(self) -> "AssociationText":
        """The same text without spaces around each part; refused without a name."""
        text = replace(self, **{f.name: getattr(self, f.name).strip() for f in fields(self)})
        if not (text.name_kk or text.name_ru):
            raise DomainError(
                _("Give the association's name in Kazakh or in Russian."), code="name"
            )
        return text


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a new association's address, or None if it can (taken or not:
    the database says that)."""
    low, high = SLUG_LENGTH
    if not low <= len(slug) <= high:
        return _("An address has %(low)s to %(high)s characters.") % {"low": low, "high": high}
    if not SLUG.match(slug):
        return _(
            "Write the address in lower-case Latin letters and digits, words joined by hyphens "
            "(karasai-schools, say)."
        )
    if slug in RESERVED_SLUGS:
        return taken()
    return None


def taken() -> str:
    return _("Another association has this address: choose another one.")


def _require(actor: User, perm: str, association: Association, message: str) -> None:
    if not actor.has_perm(perm, association):
        raise NotAllowed(message)


def _require_runner(actor: User, association: Association) -> None:
    _require(
        actor,
        "networks.change_association",
        association,
        _("Only the association's coordinators and the methodologists of its region run it."),
    )


def _lock(association: Association) -> None:
    """Lock the association's row: its appointments change one at a time."""
    Association.objects.select_for_update(of=("self",)).filter(pk=association.pk).first()


def _audit(actor: User, action: AuditAction, association: Association, person: User) -> None:
    audit_record(
        actor=actor, action=action, person=person, target=association, label=association.slug
    )


def _appoint(actor: User, association: Association, person: User, role: str) -> Appointment:
    """Appoint ``person`` to ``role``, exactly once (audited the first time)."""
    if not person.is_active:
        raise DomainError(_("This account is no longer active."), code="inactive")
    appointment, created = Appointment.objects.get_or_create(
        association=association, user=person, role=role, defaults={"appointed_by": actor}
    )
    if created:
        _audit(actor, APPOINTED[Steward(role)], association, person)
        forget_appointments(association)
    return appointment


@transaction.atomic
def association_create(
    *,
    actor: User,
    slug: str,
    region: Region,
    text: AssociationText,
    coordinator: User | None = None,
) -> Association:
    """Create an association in ``region`` with its address and text, and appoint its first
    coordinator: ``coordinator``, or the actor without one."""
    if not (actor.has_perm("networks.add_association") and may_create_in(actor, region)):
        raise NotAllowed(_("You may create associations only in the region you look after."))
    slug = slug.strip().lower()
    problem = slug_problem(slug)
    if problem is not None:
        raise DomainError(problem, code="slug")
    text = text.cleaned()
    try:
        with transaction.atomic():
            association = Association.objects.create(
                slug=slug, region=region, created_by=actor, **vars(text)
            )
    except IntegrityError:
        # Its address is taken (also by someone creating one at the same moment).
        raise DomainError(taken(), code="slug") from None
    _appoint(actor, association, coordinator or actor, Steward.COORDINATOR)
    return association


@transaction.atomic
def association_update(
    *, actor: User, association: Association, text: AssociationText
) -> Association:
    """Change the association's name and about text (its address and region stay)."""
    _require_runner(actor, association)
    text = text.cleaned()
    for name, value in vars(text).items():
        setattr(association, name, value)
    association.save(update_fields=[*vars(text), "updated_at"])
    return association


@transaction.atomic
def school_add(*, actor: User, association: Association, school: School) -> MemberSchool:
    """Make a school of the association's region one of its members; a member already is
    refused, saying so."""
    _require_runner(actor, association)
    if school.region_id != association.region_id:
        raise DomainError(
            _("%(school)s is not in the association's region.") % {"school": school.name},
            code="region",
        )
    try:
        with transaction.atomic():
            return MemberSchool.objects.create(
                association=association, school=school, added_by=actor
            )
    except IntegrityError:
        raise DomainError(
            _("%(school)s is already a member of the association.") % {"school": school.name},
            code="already_member",
        ) from None


@transaction.atomic
def school_remove(*, actor: User, association: Association, school: School) -> None:
    """Take a school out of the association."""
    _require_runner(actor, association)
    removed, _counts = MemberSchool.objects.filter(association=association, school=school).delete()
    if not removed:
        raise DomainError(
            _("%(school)s is not a member of the association.") % {"school": school.name},
            code="not_member",
        )


@transaction.atomic
def coordinator_appoint(*, actor: User, association: Association, person: User) -> Appointment:
    """Make ``person`` one of the association's coordinators; again changes nothing."""
    _require_runner(actor, association)
    _lock(association)
    return _appoint(actor, association, person, Steward.COORDINATOR)


@transaction.atomic
def coordinator_remove(*, actor: User, association: Association, person: User) -> None:
    """Take ``person`` off the association's coordinators; never the last one."""
    _require_runner(actor, association)
    _lock(association)
    coordinators = list(
        Appointment.objects.filter(association=association, role=Steward.COORDINATOR)
    )
    found = next((a for a in coordinators if a.user_id == person.pk), None)
    if found is None:
        raise DomainError(
            _("%(name)s is not a coordinator of the association.") % {"name": person},
            code="not_coordinator",
        )
    if len(coordinators) == 1:
        raise DomainError(
            _("An association needs a coordinator: appoint another one first."),
            code="last_coordinator",
        )
    _audit(actor, AuditAction.COORDINATOR_REMOVE, association, person)
    found.delete()
    forget_appointments(association)


@transaction.atomic
def editor_appoint(*, actor: User, association: Association, person: User) -> Appointment:
    """Make ``person`` the association's editor, in place of the one before (if any)."""
    _require_runner(actor, association)
    _lock(association)
    current = (
        Appointment.objects.filter(association=association, role=Steward.EDITOR)
        .select_related("user")
        .first()
    )
    if current is not None and current.user_id == person.pk:
        return current
    if not person.is_active:
        raise DomainError(_("This account is no longer active."), code="inactive")
    if current is not None:
        _audit(actor, AuditAction.EDITOR_REMOVE, association, current.user)
        current.delete()
    return _appoint(actor, association, person, Steward.EDITOR)


@transaction.atomic
def editor_remove(*, actor: User, association: Association) -> None:
    """Leave the association without an editor; without one, nothing changes."""
    _require_runner(actor, association)
    _lock(association)
    current = (
        Appointment.objects.filter(association=association, role=Steward.EDITOR)
        .select_related("user")
        .first()
    )
    if current is None:
        return
    _audit(actor, AuditAction.EDITOR_REMOVE, association, current.user)
    current.delete()
    forget_appointments(association)


def _news_text(title: str, body: str, language: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title:
        raise DomainError(_("Give the news post a title."), code="title")
    if len(title) > 200:
        raise DomainError(_("A title has at most 200 characters."), code="title")
    if len(body) > MAX_NEWS_LENGTH:
        raise DomainError(
            _("A news post has at most %(max)s characters.") % {"max": MAX_NEWS_LENGTH},
            code="body",
        )
    if language not in dict(LANGUAGES):
        raise DomainError(_("Choose the language the post is written in."), code="language")
    return title, body


def _require_writer(actor: User, association: Association) -> None:
    _require(
        actor,
        "networks.post_news",
        association,
        _("Only the association's coordinators and editor write its news."),
    )


def news_create(
    *,
    actor: User,
    association: Association,
    title: str,
    body: str,
    language: str,
    client_key: uuid.UUID | None = None,
) -> NewsPost:
    """Publish a news post on the association's site; the same form sent twice makes one."""
    _require_writer(actor, association)
    found = made_before(NewsPost, client_key, author=actor)
    if found is not None:
        return found
    title, body = _news_text(title, body, language)

    def create() -> NewsPost:
        return NewsPost.objects.create(
            association=association,
            title=title,
            body=body,
            language=language,
            author=actor,
            client_key=client_key,
        )

    return create_once(create, model=NewsPost, key=client_key, author=actor)


@transaction.atomic
def news_update(*, actor: User, post: NewsPost, title: str, body: str, language: str) -> NewsPost:
    """Correct a news post: its title, text or language."""
    _require_writer(actor, post.association)
    post.title, post.body = _news_text(title, body, language)
    post.language = language
    post.save(update_fields=["title", "body", "language", "updated_at"])
    return post


@transaction.atomic
def news_delete(*, actor: User, post: NewsPost) -> None:
    """Take a news post off the site."""
    _require_writer(actor, post.association)
    post.delete()


def appointments_erase(user: User) -> None:
    """Take ``user`` off every association she runs (an erasure step of
    ``accounts.account_delete``); refuse while she is the only coordinator of one, naming it.

    The coordinators' rows of her associations are locked in one order, so that nobody steps
    down meanwhile. Doing it again changes nothing.
    """
    hers = Appointment.objects.filter(user=user, role=Steward.COORDINATOR).values("association_id")
    coordinators = list(
        Appointment.objects.select_for_update(of=("self",))
        .filter(association_id__in=hers, role=Steward.COORDINATOR)
        .order_by("association_id", "pk")
        .values_list("association_id", "user_id")
    )
    others = {association for association, person in coordinators if person != user.pk}
    alone = {association for association, _person in coordinators} - others
    if alone:
        names = ", ".join(
            f"“{association.name}”" for association in Association.objects.filter(pk__in=alone)
        )
        raise DomainError(
            ngettext(
                "This account is the only coordinator of the association %(names)s. Appoint "
                "another coordinator before deleting the account.",
                "This account is the only coordinator of the associations %(names)s. Appoint "
                "other coordinators before deleting the account.",
                len(alone),
            )
            % {"names": names},
            code="last_coordinator",
        )
    Appointment.objects.filter(user=user).delete()
