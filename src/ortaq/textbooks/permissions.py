"""Who may do what with a textbook's structure and writing (decision 0025).

- A textbook is started by a methodologist (the coordinator role) or an administrator, held
  anywhere, or by a coordinator of an association of schools, for her association
  (``textbooks.create_textbook``); she becomes its first coordinator.
- Its coordinators (``Staff`` with the role coordinator) and the country's administrators
  change it: its description, staff, units and lessons, and whom each lesson is commissioned
  from (``textbooks.change_textbook``).
- A published textbook is read by everyone; one not yet published by its staff, the
  administrators and the teachers its lessons were commissioned from
  (``textbooks.view_textbook``). Its staff see each lesson's status
  (``textbooks.see_status``).
- A lesson's content is started by the teacher it was commissioned from, or a teacher of the
  school it was commissioned from (``textbooks.start_lesson``); once started, its authors in
  the library write it (``library.edit_resource``).
- A lesson's tasks with their answers are read by its authors, its textbook's staff and the
  library's reviewers of it (``textbooks.see_answers``); everyone else gets their hashes.
- The library's review: a textbook's moderators moderate its lessons' resources as the
  moderators of their place do (registered in ``library.hooks`` by ``apps.py``).
"""

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Exists, OuterRef, Q, Value

from ortaq.accounts.models import User
from ortaq.core.roles import COUNTRY, Role, holds, holds_anywhere, predicate
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.library.hooks import Moderators
from ortaq.library.models import Resource
from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment
from ortaq.textbooks.choices import StaffRole
from ortaq.textbooks.models import Lesson, MovementStaff, Staff, Textbook, Unit

# The roles that start a textbook, held anywhere.
FOUNDERS = (Role.COORDINATOR, Role.ADMIN)
_STAFF_PLACES = "_textbooks_staff_places"
# Where a lesson's resource object keeps whether each person asked moderates it.
_MODERATED = "_textbooks_moderated_by"


def staff_places(user: User | AnonymousUser | None) -> frozenset[tuple[str, str]]:
    """Her roles on the staff of any textbook and of any movement, as ``("textbook", role)``
    and ``("movement", role)``: one query, read once per request and kept on her object, as
    her role grants are (the services that make her staff forget it: ``forget_staff_places``).
    My page, the library's queues and the report's link ask it, not a query each."""
    if user is None or not signed_in(user):
        return frozenset()
    # An attribute, not ``__dict__``: a page's ``request.user`` is a lazy object that passes
    # attributes on to the account itself.
    memo: frozenset[tuple[str, str]] | None = getattr(user, _STAFF_PLACES, None)
    if memo is None:
        books = (
            Staff.objects.filter(user_id=user.pk)
            .annotate(kind=Value("textbook", output_field=CharField()))
            .values_list("role", "kind")
            .order_by()
        )
        movements = (
            MovementStaff.objects.filter(user_id=user.pk)
            .annotate(kind=Value("movement", output_field=CharField()))
            .values_list("role", "kind")
            .order_by()
        )
        memo = frozenset((kind, role) for role, kind in books.union(movements))
        setattr(user, _STAFF_PLACES, memo)
    return memo


def forget_staff_places(user: User | AnonymousUser) -> None:
    """Drop what ``staff_places`` kept: she has just joined or left a staff."""
    if getattr(user, _STAFF_PLACES, None) is not None:
        delattr(user, _STAFF_PLACES)


def textbook_of(obj: object) -> Textbook | None:
    if isinstance(obj, Textbook):
        return obj
    if isinstance(obj, Unit):
        return obj.textbook
    if isinstance(obj, Lesson):
        return obj.unit.textbook
    return None


def staff_roles(user: User | AnonymousUser, textbook: Textbook) -> frozenset[str]:
    """Her roles on ``textbook``'s staff, read once per textbook object and person."""
    if not signed_in(user):
        return frozenset()
    cache: dict[int, frozenset[str]] = textbook.__dict__.setdefault("_staff_roles", {})
    if user.pk not in cache:
        cache[user.pk] = frozenset(
            Staff.objects.filter(textbook=textbook, user_id=user.pk).values_list("role", flat=True)
        )
    return cache[user.pk]


def coordinates_an_association(user: User | AnonymousUser) -> bool:
    return signed_in(user) and (
        Appointment.objects.filter(user_id=user.pk, role=Steward.COORDINATOR).exists()
    )


def writes(user: User | AnonymousUser, lesson: Lesson) -> bool:
    """Whether ``user`` is the person (or a teacher of the school) ``lesson`` was commissioned
    from."""
    if not signed_in(user):
        return False
    if lesson.commissioned_teacher_id is not None and lesson.commissioned_teacher_id == user.pk:
        return True
    profile = getattr(user, "profile", None)
    school_id = getattr(profile, "school_id", None)
    return school_id is not None and lesson.commissioned_school_id == school_id


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


@predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return holds(user, [Role.ADMIN], [COUNTRY])


@predicate
def may_found(user: User | AnonymousUser) -> bool:
    return holds_anywhere(user, FOUNDERS) or coordinates_an_association(user)


@predicate
def coordinates(user: User | AnonymousUser, obj: object) -> bool:
    textbook = textbook_of(obj)
    return textbook is not None and StaffRole.COORDINATOR in staff_roles(user, textbook)


@predicate
def is_staff(user: User | AnonymousUser, obj: object) -> bool:
    textbook = textbook_of(obj)
    return textbook is not None and bool(staff_roles(user, textbook))


@predicate
def is_published(user: User | AnonymousUser, obj: object) -> bool:
    textbook = textbook_of(obj)
    return textbook is not None and textbook.is_published


@predicate
def writes_for(user: User | AnonymousUser, obj: object) -> bool:
    """She was commissioned a lesson of the textbook (or of this lesson)."""
    if isinstance(obj, Lesson):
        return writes(user, obj)
    textbook = textbook_of(obj)
    if textbook is None or not signed_in(user):
        return False
    school_id = getattr(getattr(user, "profile", None), "school_id", None)
    mine = Q(commissioned_teacher_id=user.pk)
    if school_id is not None:
        mine |= Q(commissioned_school_id=school_id)
    return Lesson.objects.filter(mine, unit__textbook=textbook).exists()


@predicate
def may_start(user: User | AnonymousUser, obj: object) -> bool:
    return isinstance(obj, Lesson) and obj.resource_id is None and writes(user, obj)


@predicate
def reads_its_review(user: User | AnonymousUser, obj: object) -> bool:
    """Its authors, the library's moderators of it and its assigned experts."""
    return (
        isinstance(obj, Lesson)
        and obj.resource is not None
        and user.has_perm("library.view_review", obj.resource)
    )


rules.add_perm("textbooks.create_textbook", is_signed_in & may_found)
rules.add_perm("textbooks.change_textbook", is_signed_in & (coordinates | is_admin))
rules.add_perm(
    "textbooks.view_textbook", is_published | (is_signed_in & (is_staff | is_admin | writes_for))
)
rules.add_perm("textbooks.see_status", is_signed_in & (is_staff | is_admin))
rules.add_perm("textbooks.start_lesson", is_signed_in & may_start)
rules.add_perm("textbooks.see_answers", is_signed_in & (is_staff | is_admin | reads_its_review))


# The library's moderators of a lesson's resource: beside those of its place, the moderators
# on its textbook's staff (decision 0025).


def _moderates_lesson(user: User | AnonymousUser, resource: Resource) -> bool:
    """Read once per resource object and person, and only of a moderator on some textbook's
    staff."""
    if not signed_in(user) or resource.kind != "textbook":
        return False
    if ("textbook", StaffRole.MODERATOR) not in staff_places(user):
        return False
    memo: dict[int, bool] = resource.__dict__.setdefault(_MODERATED, {})
    if user.pk not in memo:
        memo[user.pk] = Staff.objects.filter(
            user_id=user.pk, role=StaffRole.MODERATOR, textbook__units__lessons__resource=resource
        ).exists()
    return memo[user.pk]


def _moderated_q(user: User | AnonymousUser, ref: str) -> Q:
    if not signed_in(user):
        return Q(pk__in=[])
    return Q(
        Exists(
            Staff.objects.filter(
                user_id=user.pk,
                role=StaffRole.MODERATOR,
                textbook__units__lessons__resource_id=OuterRef(ref),
            )
        )
    )


def _moderates_any(user: User | AnonymousUser) -> bool:
    return ("textbook", StaffRole.MODERATOR) in staff_places(user)


LESSON_MODERATORS = Moderators(of=_moderates_lesson, q=_moderated_q, anywhere=_moderates_any)
