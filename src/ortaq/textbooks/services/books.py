"""A textbook's structure: the textbook itself, its staff, its units and its lessons, and whom
each lesson is commissioned from (docs/decisions/0025-the-textbook-and-the-movement.md).

Every refusal is a ``DomainError`` with a translated message; every write is one transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.textbooks.choices import StaffRole
from ortaq.textbooks.models import Lesson, Staff, Textbook, TextbookGroup, Unit
from ortaq.textbooks.permissions import forget_staff_places

WRITTEN_IN = ("kk", "ru")


@dataclass(frozen=True)
class About:
    """What a textbook is: its title, description, grades, language and association."""

    title: str
    grade_from: int
    grade_to: int
    language: str = "kk"
    description: str = ""
    association: Association | None = None
    is_published: bool = False

    def cleaned(self) -> "About":
        title = self.title.strip()
        if not title:
            raise DomainError(_("Give the textbook a title."), code="title")
        if self.language not in WRITTEN_IN:
            raise DomainError(_("A textbook is written in Kazakh or Russian."), code="language")
        if not 1 <= self.grade_from <= self.grade_to <= 11:
            raise DomainError(
                _("The grades go from 1 to 11, the first not above the last."), code="grades"
            )
        return About(
            title=title[:300],
            grade_from=self.grade_from,
            grade_to=self.grade_to,
            language=self.language,
            description=self.description.strip(),
            association=self.association,
            is_published=self.is_published,
        )


def _may_change(actor: User, textbook: Textbook) -> None:
    if not actor.has_perm("textbooks.change_textbook", textbook):
        raise NotAllowed(_("Only the textbook's coordinators change it."))


def _association_allowed(actor: User, association: Association | None) -> None:
    """An association is one she runs; none only for a methodologist or an administrator."""
    from ortaq.textbooks.queries import associations_offered, founds_without_association

    if association is None:
        if not founds_without_association(actor):
            raise DomainError(_("Choose the association the textbook is written by."), code="assoc")
        return
    if not associations_offered(actor).filter(pk=association.pk).exists():
        raise NotAllowed(_("You do not run this association."))


def _slug(title: str, language: str) -> str:
    base = (slugify(title, allow_unicode=False) or "textbook")[:60].strip("-") or "textbook"
    slug = f"{base}-{language}"
    n = 2
    while Textbook.objects.filter(slug=slug).exists():
        slug = f"{base}-{language}-{n}"
        n += 1
    return slug


@transaction.atomic
def textbook_create(
    *, actor: User, about: About, slug: str = "", translation_of: Textbook | None = None
) -> Textbook:
    """Start a textbook; ``actor`` becomes its first coordinator. A translation joins the group
    of the textbook it translates (one per language) and shares its association and grades."""
    if not actor.has_perm("textbooks.create_textbook"):
        raise NotAllowed(_("Only methodologists and association coordinators start textbooks."))
    about = about.cleaned()
    if translation_of is not None:
        _may_change(actor, translation_of)
        group = TextbookGroup.objects.select_for_update(of=("self",)).get(
            pk=translation_of.group_id
        )
        if Textbook.objects.filter(group=group, language=about.language).exists():
            raise DomainError(
                _("This textbook has a translation into this language already."), code="translated"
            )
    else:
        _association_allowed(actor, about.association)
        group = TextbookGroup.objects.create()
    slug = slugify(slug.strip())[:80] if slug.strip() else _slug(about.title, about.language)
    if Textbook.objects.filter(slug=slug).exists():
        raise DomainError(_("This address is taken: choose another."), code="slug")
    textbook = Textbook.objects.create(
        group=group,
        slug=slug,
        language=about.language,
        title=about.title,
        description=about.description,
        grade_from=about.grade_from,
        grade_to=about.grade_to,
        association=translation_of.association if translation_of else about.association,
        is_published=about.is_published,
        created_by=actor,
    )
    Staff.objects.create(textbook=textbook, user=actor, role=StaffRole.COORDINATOR)
    forget_staff_places(actor)
    return textbook


@transaction.atomic
def textbook_update(*, actor: User, textbook: Textbook, about: About) -> Textbook:
    """Change what a textbook is (its coordinators). Its language stays."""
    _may_change(actor, textbook)
    about = about.cleaned()
    locked = Textbook.objects.select_for_update(of=("self",)).get(pk=textbook.pk)
    if about.association is not None and about.association.pk != locked.association_id:
        _association_allowed(actor, about.association)
    locked.title = about.title
    locked.description = about.description
    locked.grade_from = about.grade_from
    locked.grade_to = about.grade_to
    locked.association = about.association if about.association else locked.association
    locked.is_published = about.is_published
    locked.save(
        update_fields=[
            "title",
            "description",
            "grade_from",
            "grade_to",
            "association",
            "is_published",
        ]
    )
    return locked


@transaction.atomic
def staff_add(*, actor: User, textbook: Textbook, email: str, role: str) -> Staff:
    """Add a coordinator or a moderator to a textbook's staff, found by e-mail. Added already:
    nothing more."""
    _may_change(actor, textbook)
    if role not in StaffRole.values:
        raise DomainError(_("Choose coordinator or moderator."), code="role")
    person = active_user_by_email(email)
    if person is None:
        raise DomainError(
            _("Nobody with the address %(email)s has an account.") % {"email": email.strip()},
            code="email",
        )
    staff, _created = Staff.objects.get_or_create(textbook=textbook, user=person, role=role)
    return staff


@transaction.atomic
def staff_remove(*, actor: User, staff: Staff) -> None:
    """Take someone off a textbook's staff; its last coordinator stays."""
    _may_change(actor, staff.textbook)
    Textbook.objects.select_for_update(of=("self",)).get(pk=staff.textbook_id)
    if (
        staff.role == StaffRole.COORDINATOR
        and Staff.objects.filter(textbook_id=staff.textbook_id, role=StaffRole.COORDINATOR)
        .exclude(pk=staff.pk)
        .count()
        == 0
    ):
        raise DomainError(_("A textbook keeps at least one coordinator."), code="last")
    Staff.objects.filter(pk=staff.pk).delete()
    if staff.user_id == actor.pk:
        forget_staff_places(actor)


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise DomainError(_("Give it a title."), code="title")
    return title[:300]


@transaction.atomic
def unit_add(*, actor: User, textbook: Textbook, title: str, description: str = "") -> Unit:
    """Add a unit at the end of the textbook."""
    _may_change(actor, textbook)
    Textbook.objects.select_for_update(of=("self",)).get(pk=textbook.pk)
    last = Unit.objects.filter(textbook=textbook).aggregate(last=Max("position"))["last"] or 0
    return Unit.objects.create(
        textbook=textbook, position=last + 1, title=_title(title), description=description.strip()
    )


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, title: str, description: str = "") -> Unit:
    _may_change(actor, unit.textbook)
    unit.title = _title(title)
    unit.description = description.strip()
    unit.save(update_fields=["title", "description"])
    return unit


def _swap(rows: Sequence[Unit] | Sequence[Lesson], index: int, step: int) -> None:
    """Swap the positions of rows ``index`` and ``index + step`` (through a free position, so
    that the uniqueness of positions holds at every moment)."""
    other = index + step
    if not 0 <= other < len(rows):
        return
    a, b = rows[index], rows[other]
    model = type(a)
    free = max(row.position for row in rows) + 1
    a_position, b_position = a.position, b.position
    model.objects.filter(pk=a.pk).update(position=free)
    model.objects.filter(pk=b.pk).update(position=a_position)
    model.objects.filter(pk=a.pk).update(position=b_position)


@transaction.atomic
def unit_move(*, actor: User, unit: Unit, up: bool) -> None:
    """Move a unit one place up or down. At the first or last place: nothing."""
    _may_change(actor, unit.textbook)
    Textbook.objects.select_for_update(of=("self",)).get(pk=unit.textbook_id)
    units = list(Unit.objects.filter(textbook_id=unit.textbook_id).order_by("position"))
    index = next(i for i, u in enumerate(units) if u.pk == unit.pk)
    _swap(units, index, -1 if up else 1)


@transaction.atomic
def lesson_add(*, actor: User, unit: Unit, title: str) -> Lesson:
    """Plan a lesson at the end of a unit, by its planned title."""
    _may_change(actor, unit.textbook)
    Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
    last = Lesson.objects.filter(unit=unit).aggregate(last=Max("position"))["last"] or 0
    return Lesson.objects.create(unit=unit, position=last + 1, title=_title(title))


@transaction.atomic
def lesson_move(*, actor: User, lesson: Lesson, up: bool) -> None:
    """Move a lesson one place up or down within its unit."""
    _may_change(actor, lesson.unit.textbook)
    Unit.objects.select_for_update(of=("self",)).get(pk=lesson.unit_id)
    lessons = list(Lesson.objects.filter(unit_id=lesson.unit_id).order_by("position"))
    index = next(i for i, row in enumerate(lessons) if row.pk == lesson.pk)
    _swap(lessons, index, -1 if up else 1)


@dataclass(frozen=True)
class Commission:
    """Whom a lesson is asked of: a teacher (by e-mail) or a school, and by when."""

    title: str
    teacher_email: str = ""
    school: School | None = None
    due_on: date | None = None


@transaction.atomic
def lesson_commission(*, actor: User, lesson: Lesson, commission: Commission) -> Lesson:
    """Set a lesson's planned title and whom it is commissioned from (a teacher or a school,
    or nobody yet) with its due date. Its writer sees it waiting on her page."""
    _may_change(actor, lesson.unit.textbook)
    teacher = None
    if commission.teacher_email.strip():
        teacher = active_user_by_email(commission.teacher_email)
        if teacher is None:
            raise DomainError(
                _("Nobody with the address %(email)s has an account.")
                % {"email": commission.teacher_email.strip()},
                code="email",
            )
    if teacher is not None and commission.school is not None:
        raise DomainError(
            _("Commission it from a teacher or from a school, not both."), code="both"
        )
    if commission.due_on is not None and commission.due_on < timezone.localdate():
        raise DomainError(_("The due date has passed already."), code="due")
    locked = Lesson.objects.select_for_update(of=("self",)).get(pk=lesson.pk)
    changed = (
        locked.commissioned_teacher_id != (teacher.pk if teacher else None)
        or locked.commissioned_school_id != (commission.school.pk if commission.school else None)
        or locked.due_on != commission.due_on
    )
    locked.title = _title(commission.title)
    locked.commissioned_teacher = teacher
    locked.commissioned_school = commission.school
    locked.due_on = commission.due_on
    fields = ["title", "commissioned_teacher", "commissioned_school", "due_on"]
    if changed:
        locked.commissioned_by = actor
        locked.commissioned_at = timezone.now()
        fields += ["commissioned_by", "commissioned_at"]
    locked.save(update_fields=fields)
    return locked
