"""A textbook's structure and the writing of its lessons (decision 0025): the services, the
checker's messages, the copier, and the review through the library with the textbook's
moderator acting as the library's."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library import services as library
from ortaq.library.choices import Kind, Status
from ortaq.library.models import Version
from ortaq.testing.library_review import approve
from ortaq.testing.textbookwriting import PNG, write_lesson
from ortaq.textbooks import lesson_hooks
from ortaq.textbooks.choices import ExerciseKind as K
from ortaq.textbooks.choices import MediaKind
from ortaq.textbooks.models import Accepted, Exercise, Lesson, LessonGuide, Media, Option, Unit
from ortaq.textbooks.queries import outline, waiting_for
from ortaq.textbooks.services import books, writing
from ortaq.textbooks.services.writing import Choice, TaskDraft

pytestmark = pytest.mark.django_db


def test_only_methodologists_and_association_coordinators_start_a_textbook(
    tb: dict[str, Any],
) -> None:
    about = books.About(title="Оқулық", grade_from=5, grade_to=6)
    with pytest.raises(NotAllowed):
        books.textbook_create(actor=tb["teacher"], about=about)
    made = books.textbook_create(actor=tb["coordinator"], about=about)
    assert made.staff.get().user == tb["coordinator"]
    assert made.slug.endswith("-kk")


def test_units_and_lessons_are_reordered_without_breaking_their_positions(
    tb: dict[str, Any],
) -> None:
    coordinator = tb["coordinator"]
    second = books.unit_add(actor=coordinator, textbook=tb["textbook"], title="Дәстүр")
    books.unit_move(actor=coordinator, unit=second, up=True)
    assert list(Unit.objects.filter(textbook=tb["textbook"]).values_list("title", flat=True)) == [
        "Дәстүр",
        "Бірлік",
    ]
    books.unit_move(actor=coordinator, unit=second, up=True)  # first already: nothing
    later = books.lesson_add(actor=coordinator, unit=tb["unit"], title="Наурыз")
    books.lesson_move(actor=coordinator, lesson=later, up=True)
    assert [lesson.title for lesson in Lesson.objects.filter(unit=tb["unit"])] == [
        "Наурыз",
        "Халықтар",
    ]
    with pytest.raises(NotAllowed):
        books.unit_move(actor=tb["teacher"], unit=second, up=False)


def test_the_commissioned_teacher_starts_the_lesson_as_a_library_resource(
    tb: dict[str, Any],
) -> None:
    lesson = tb["lesson"]
    assert [w.lesson for w in waiting_for(tb["teacher"])] == [lesson]
    assert waiting_for(tb["coauthor"]) == []
    with pytest.raises(NotAllowed):
        writing.lesson_start(actor=tb["coauthor"], lesson=lesson, subject=tb["subject"])
    resource = writing.lesson_start(
        actor=tb["teacher"], lesson=lesson, subject=tb["subject"], codes=("5.1.1.1",)
    )
    again = writing.lesson_start(actor=tb["teacher"], lesson=lesson, subject=tb["subject"])
    assert again == resource
    assert (resource.kind, resource.language) == (Kind.TEXTBOOK, "kk")
    version = resource.versions.get()
    assert version.title == "Халықтар"
    assert [g.grade for g in version.grades.all()] == [5]
    assert LessonGuide.objects.filter(version=version).exists()
    assert waiting_for(tb["teacher"])[0].started


def test_a_lesson_commissioned_from_a_school_is_written_by_any_of_its_teachers(
    tb: dict[str, Any],
) -> None:
    lesson = books.lesson_commission(
        actor=tb["coordinator"],
        lesson=tb["lesson"],
        commission=books.Commission(title="Халықтар", school=tb["school"]),
    )
    assert [w.lesson for w in waiting_for(tb["coauthor"])] == [lesson]
    resource = writing.lesson_start(actor=tb["coauthor"], lesson=lesson, subject=tb["subject"])
    assert resource.authors.get().user == tb["coauthor"]


def test_the_checker_names_what_stops_the_submission(tb: dict[str, Any]) -> None:
    version = write_lesson(tb)
    bad = (
        TaskDraft(kind=K.SINGLE, prompt="?", options=(Choice("а"), Choice("ә"))),
        TaskDraft(kind=K.MATCHING, prompt="?", options=(Choice("а", match="б"),)),
        TaskDraft(kind=K.ORDERING, prompt="?", options=(Choice("а"),)),
        TaskDraft(kind=K.GAPS, prompt="[1] және [2]", accepted=((1, "а"), (3, "в"))),
        TaskDraft(kind=K.SHORT, prompt="?"),
    )
    for draft in bad:
        version.refresh_from_db(fields=["revision"])
        writing.exercise_add(
            actor=tb["teacher"], version=version, revision=version.revision, draft=draft
        )
    Media.objects.filter(version=version).update(alt_text="")
    with translation.override("en"):
        found = lesson_hooks.problems(version)
    assert found == [
        "Task 7: mark the right option.",
        "Task 8: a matching task needs at least two pairs.",
        "Task 9: an ordering task needs at least two items.",
        "Task 10: gap [2] has no accepted answer.",
        "Task 10: there are answers for gap [3], but the text has no such gap.",
        "Task 11: give at least one accepted answer.",
        f"The picture {(Media.objects.get(version=version).file.name or '').rsplit('/', 1)[-1]} "
        "has no alt text: describe it.",
    ]
    with translation.override("en"), pytest.raises(DomainError) as refused:
        library.version_submit(actor=tb["teacher"], version=version)
    assert "Task 7: mark the right option." in refused.value.message
    assert Version.objects.get(pk=version.pk).status == Status.DRAFT


def test_a_picture_needs_its_alt_text_and_a_file_of_its_kind(tb: dict[str, Any]) -> None:
    version = write_lesson(tb)
    picture = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    with translation.override("kk"), pytest.raises(DomainError) as refused:
        writing.media_add(
            actor=tb["teacher"],
            version=version,
            draft=writing.MediaDraft(kind=MediaKind.IMAGE),
            upload=picture,
        )
    assert refused.value.code == "alt"
    with pytest.raises(DomainError) as refused:
        writing.media_add(
            actor=tb["teacher"],
            version=version,
            draft=writing.MediaDraft(kind=MediaKind.VIDEO, transcript="Мәтін"),
            upload=picture,
        )
    assert refused.value.code == "wrong_type"
    with pytest.raises(DomainError) as refused:
        writing.media_add(
            actor=tb["teacher"],
            version=version,
            draft=writing.MediaDraft(kind=MediaKind.AUDIO),
            upload=picture,
        )
    assert refused.value.code == "captions"


def test_a_save_over_someone_elses_is_refused_and_nothing_is_lost(tb: dict[str, Any]) -> None:
    version = write_lesson(tb)
    stale = version.revision
    writing.guide_save(actor=tb["teacher"], version=version, revision=stale, text="Бірінші")
    with pytest.raises(library.DraftConflict):
        writing.guide_save(actor=tb["teacher"], version=version, revision=stale, text="Екінші")
    assert LessonGuide.objects.get(version=version).text == "Бірінші"
    with pytest.raises(NotAllowed):
        writing.guide_save(actor=tb["coauthor"], version=version, revision=stale + 1, text="Бөгде")


def test_the_textbooks_moderator_moderates_its_lessons_and_a_new_version_copies_its_rows(
    tb: dict[str, Any],
) -> None:
    version = write_lesson(tb)
    writing.guide_save(actor=tb["teacher"], version=version, revision=version.revision, text="Г")
    submitted = library.version_submit(actor=tb["teacher"], version=version)
    assert tb["tb_moderator"].has_perm("library.moderate", version.resource)
    assert tb["tb_moderator"].has_perm("library.moderation_queue")
    assert not tb["outsider"].has_perm("library.moderate", version.resource)
    library.experts_assign(actor=tb["tb_moderator"], version=submitted, experts=[tb["expert"]])
    assert outline(tb["textbook"], tb["coordinator"])[0].lessons[0].status == Status.IN_REVIEW
    approve(tb["expert"], submitted)
    resource = version.resource
    resource.refresh_from_db()
    assert resource.current_id == version.pk
    assert outline(tb["textbook"], tb["coordinator"])[0].lessons[0].status == Status.PUBLISHED
    new = library.version_start(actor=tb["teacher"], resource=resource)
    assert LessonGuide.objects.get(version=new).text == "Г"
    old_tasks = Exercise.objects.filter(version=version)
    new_tasks = Exercise.objects.filter(version=new)
    assert [e.kind for e in new_tasks] == [e.kind for e in old_tasks]
    assert Option.objects.filter(exercise__version=new).count() == (
        Option.objects.filter(exercise__version=version).count()
    )
    assert list(Accepted.objects.filter(exercise__version=new).values_list("gap", "text")) == list(
        Accepted.objects.filter(exercise__version=version).values_list("gap", "text")
    )
    old_media, new_media = Media.objects.get(version=version), Media.objects.get(version=new)
    assert new_media.pk != old_media.pk
    assert new_media.file.name == old_media.file.name
    # Removing the picture from the new version keeps the published version's file.
    writing.media_remove(actor=tb["teacher"], media=new_media)
    assert old_media.file.storage.exists(old_media.file.name or "")
