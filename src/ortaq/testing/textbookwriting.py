"""What the textbook's tests share: the library's people (``make_library_people``) with a
textbook coordinated by a methodologist, moderated by one more person, and a lesson
commissioned from the library's teacher and written with a task of each kind."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.library.models import Version
from ortaq.testing.library_review import make_library_people
from ortaq.textbooks.choices import ExerciseKind as K
from ortaq.textbooks.choices import MediaKind, StaffRole
from ortaq.textbooks.models import Lesson, Textbook
from ortaq.textbooks.services import books, writing
from ortaq.textbooks.services.writing import Choice, TaskDraft

# The accepted answer of the short-answer task: never in what a visitor is sent.
SECRET = "жетіқазына"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)

TASKS = (
    TaskDraft(
        kind=K.SINGLE,
        prompt="Қазақстанда неше этнос тұрады?",
        options=(Choice("Он"), Choice("Жүзден астам", is_right=True, feedback="Иә.")),
    ),
    TaskDraft(
        kind=K.MULTIPLE,
        prompt="Мемлекеттік мерекелер?",
        options=(
            Choice("Наурыз", is_right=True),
            Choice("Туған күн"),
            Choice("1 мамыр", is_right=True),
        ),
    ),
    TaskDraft(
        kind=K.MATCHING,
        prompt="Сәйкестендіріңіз.",
        options=(Choice("Сәлем", match="қазақ тілі"), Choice("Привет", match="орыс тілі")),
    ),
    TaskDraft(
        kind=K.ORDERING,
        prompt="Ретімен қойыңыз.",
        options=(Choice("Таң"), Choice("Түс"), Choice("Кеш")),
    ),
    TaskDraft(
        kind=K.GAPS,
        prompt="Наурыз көже [1] дәмнен жасалады.",
        accepted=((1, "жеті"), (1, "7")),
    ),
    TaskDraft(kind=K.SHORT, prompt="Құпия сөз?", accepted=((1, SECRET),)),
)


def make_textbook_people() -> dict[str, Any]:
    """The library's people, a coordinator (a methodologist of the school's region) with her
    textbook, a textbook moderator who moderates no place, and a lesson commissioned from the
    library's teacher."""
    from ortaq.testing.factories import make_user

    people = make_library_people()
    school = people["school"]
    people["coordinator"] = make_user(email="coordinator@tb.kz", profile__school=school)
    role_grant(actor=None, user=people["coordinator"], role=Role.COORDINATOR, target=school.region)
    people["tb_moderator"] = make_user(email="tbmoderator@tb.kz", profile__school=school)
    textbook = books.textbook_create(
        actor=people["coordinator"],
        about=books.About(title="Мәдениетаралық диалог", grade_from=5, grade_to=5),
        slug="dialog-5",
    )
    books.staff_add(
        actor=people["coordinator"],
        textbook=textbook,
        email=people["tb_moderator"].email,
        role=StaffRole.MODERATOR,
    )
    unit = books.unit_add(actor=people["coordinator"], textbook=textbook, title="Бірлік")
    lesson = books.lesson_add(actor=people["coordinator"], unit=unit, title="Халықтар")
    lesson = books.lesson_commission(
        actor=people["coordinator"],
        lesson=lesson,
        commission=books.Commission(title="Халықтар", teacher_email=people["teacher"].email),
    )
    people |= {"textbook": textbook, "unit": unit, "lesson": lesson}
    return people


def write_lesson(people: dict[str, Any], lesson: Lesson | None = None) -> Version:
    """Start the lesson's content and write a task of every kind and a picture with its alt
    text; returns its open version."""
    lesson = lesson or people["lesson"]
    teacher = people["teacher"]
    resource = writing.lesson_start(
        actor=teacher, lesson=lesson, subject=people["subject"], codes=("5.1.1.1",)
    )
    version = resource.versions.get()
    Version.objects.filter(pk=version.pk).update(body="## Бір шаңырақ астында\n\nМәтін.")
    version.refresh_from_db()
    for task in TASKS:
        writing.exercise_add(actor=teacher, version=version, revision=version.revision, draft=task)
        version.refresh_from_db(fields=["revision"])
    writing.media_add(
        actor=teacher,
        version=version,
        draft=writing.MediaDraft(kind=MediaKind.IMAGE, alt_text="Қазақстан картасы"),
        upload=SimpleUploadedFile("map.png", PNG, content_type="image/png"),
    )
    return Version.objects.get(pk=version.pk)


def textbook_of(people: dict[str, Any]) -> Textbook:
    textbook: Textbook = people["textbook"]
    return textbook


# The route table's objects (``ortaq.testing.routes``): the demo's Russian textbook, its lesson
# commissioned from the demo's school and not started (the school's people start it), and for
# the API its first published lesson.
ROUTE_TEXTBOOK = "intercultural-dialogue-5-ru"


def route_values(api: bool) -> dict[str, Any]:
    from ortaq.textbooks.models import Exercise, Media, Staff, Unit

    def first(queryset: Any) -> int:
        pk = queryset.order_by("pk").values_list("pk", flat=True).first()
        return int(pk) if pk is not None else 999_999

    lessons = Lesson.objects.filter(unit__textbook__slug=ROUTE_TEXTBOOK)
    in_book = {"version__resource__textbook_lesson__unit__textbook__slug": ROUTE_TEXTBOOK}
    return {
        "book": ROUTE_TEXTBOOK,
        "unit_id": first(Unit.objects.filter(textbook__slug=ROUTE_TEXTBOOK)),
        "lesson_id": first(lessons.filter(resource__current__isnull=False))
        if api
        else first(lessons.filter(resource__isnull=True)),
        "exercise_id": first(Exercise.objects.filter(**in_book)),
        "media_id": first(Media.objects.filter(**in_book)),
        "staff_id": first(Staff.objects.filter(textbook__slug=ROUTE_TEXTBOOK)),
    }
