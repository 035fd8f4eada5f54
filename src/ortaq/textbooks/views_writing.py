"""The pages of writing a lesson: starting its content (a library resource), and, while its
open version is editable, its teacher's guide, its tasks and its media, as plain forms. Its text
is edited on the library's edit page, and its review goes through the library's pages."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, carry_out, show_refusal
from ortaq.core.files import file_response
from ortaq.library import services as library
from ortaq.library.choices import EDITABLE, Status
from ortaq.library.models import Version
from ortaq.textbooks import lesson_hooks, queries
from ortaq.textbooks.forms_writing import (
    GuideForm,
    MediaEditForm,
    MediaForm,
    StartForm,
    TaskForm,
)
from ortaq.textbooks.models import Exercise, Lesson, Media, Textbook
from ortaq.textbooks.services import writing as services

EDIT = "library.edit_resource"


def _lesson(request: HttpRequest, book: str, lesson_id: int) -> tuple[Textbook, Lesson]:
    textbook = queries.textbook_get(request.user, book)
    return textbook, queries.lesson_get(textbook, lesson_id)


def _writing(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int
) -> tuple[Textbook, Lesson, Version]:
    """The lesson and its editable open version, for one of its authors."""
    textbook, lesson = _lesson(request, book, lesson_id)
    if lesson.resource is None or not request.user.has_perm(EDIT, lesson.resource):
        raise PermissionDenied
    version = queries.open_version(lesson)
    if version is None or version.status not in EDITABLE:
        raise Http404
    return textbook, lesson, version


def _back(textbook: Textbook, lesson: Lesson) -> HttpResponse:
    return redirect("textbooks:write", book=textbook.slug, lesson_id=lesson.pk)


@login_required
@require_http_methods(["GET", "POST"])
def write(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    """The writer's page of a lesson: starting its content, then its guide, tasks and media
    while its version is editable, and where it stands in review."""
    textbook, lesson = _lesson(request, book, lesson_id)
    if lesson.resource is None:
        if not request.user.has_perm("textbooks.start_lesson", lesson):
            raise PermissionDenied
        start = StartForm(request.POST or None)
        if (
            request.method == "POST"
            and start.is_valid()
            and carry_out(
                request,
                lambda: services.lesson_start(
                    actor=request.user,
                    lesson=lesson,
                    subject=start.cleaned_data["subject"],
                    codes=start.cleaned_data["codes"],
                ),
                done=_("The lesson's draft is started. Write its text, tasks and media."),
                form=start,
            )
        ):
            return _back(textbook, lesson)
        return render(
            request,
            "textbooks/write_start.html",
            {"textbook": textbook, "lesson": lesson, "form": start},
        )
    if not request.user.has_perm(EDIT, lesson.resource):
        raise PermissionDenied
    if request.method == "POST":
        return _back(textbook, lesson)
    version = queries.open_version(lesson)
    editable = version is not None and version.status in EDITABLE
    exercises = queries.exercises_of(version) if version is not None else []
    guide = getattr(version, "teacher_guide", None) if version is not None else None
    return render(
        request,
        "textbooks/write.html",
        {
            "textbook": textbook,
            "lesson": lesson,
            "resource": lesson.resource,
            "version": version,
            "editable": editable,
            "guide_form": GuideForm(
                initial={"revision": version.revision, "text": guide.text if guide else ""}
            )
            if editable and version is not None
            else None,
            "exercises": [
                (n, e, lesson_hooks.task_problems(e, n)) for n, e in enumerate(exercises, 1)
            ],
            "media": queries.media_of(version) if version is not None else [],
            "media_form": MediaForm() if editable else None,
            "statuses": Status,
        },
    )


def _saved(
    request: HttpRequest, form: GuideForm | TaskForm, save: Callable[[], object], done: str
) -> bool:
    """Carry out a save of the open version; when someone saved it meanwhile, keep what she
    wrote, tell her so, and let her next save start from the revision she has now seen."""
    try:
        save()
    except library.DraftConflict as exc:
        form.add_error(None, exc.message)
        data = form.data.copy()  # type: ignore[attr-defined]
        data["revision"] = str(exc.current.revision)
        form.data = data
        return False
    except DomainError as exc:
        show_refusal(request, exc, form)
        return False
    messages.success(request, done)
    return True


def _part[P: (Exercise, Media)](
    request: AuthenticatedHttpRequest,
    book: str,
    lesson_id: int,
    parts: QuerySet[P],
    part_id: int,
) -> tuple[Textbook, Lesson, P]:
    """The lesson and one task or medium of its editable open version, for one of its
    authors (the part reads its version without another query)."""
    textbook, lesson, version = _writing(request, book, lesson_id)
    part = get_object_or_404(parts, pk=part_id, version=version)
    part.version = version
    return textbook, lesson, part


@login_required
@require_http_methods(["GET", "POST"])
def guide(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    current = getattr(version, "teacher_guide", None)
    form = GuideForm(
        request.POST or None,
        initial={"revision": version.revision, "text": current.text if current else ""},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            lambda: services.guide_save(
                actor=request.user,
                version=version,
                revision=form.cleaned_data["revision"],
                text=form.cleaned_data["text"],
            ),
            _("The teacher's guide is saved."),
        )
    ):
        return _back(textbook, lesson)
    return render(
        request,
        "textbooks/guide_form.html",
        {"textbook": textbook, "lesson": lesson, "form": form, "current": current},
    )


def _task_page(
    request: AuthenticatedHttpRequest,
    textbook: Textbook,
    lesson: Lesson,
    form: TaskForm,
    exercise: Exercise | None,
    save: Callable[[], object],
    done: str,
) -> HttpResponse:
    """The task's form, new or edited: saved, back to the writer's page."""
    if request.method == "POST" and form.is_valid() and _saved(request, form, save, done):
        return _back(textbook, lesson)
    return render(
        request,
        "textbooks/task_form.html",
        {"textbook": textbook, "lesson": lesson, "form": form, "exercise": exercise},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    form = TaskForm(request.POST or None, initial={"revision": version.revision})
    return _task_page(
        request,
        textbook,
        lesson,
        form,
        None,
        lambda: services.exercise_add(
            actor=request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            draft=form.draft(),
        ),
        _("The task is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, exercise_id: int
) -> HttpResponse:
    textbook, lesson, exercise = _part(
        request,
        book,
        lesson_id,
        Exercise.objects.prefetch_related("options", "accepted"),
        exercise_id,
    )
    form = (
        TaskForm(request.POST)
        if request.method == "POST"
        else TaskForm.of(exercise, exercise.version.revision)
    )
    return _task_page(
        request,
        textbook,
        lesson,
        form,
        exercise,
        lambda: services.exercise_update(
            actor=request.user,
            exercise=exercise,
            revision=form.cleaned_data["revision"],
            draft=form.draft(),
        ),
        _("The task is saved."),
    )


@login_required
@require_POST
def task_remove(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, exercise_id: int
) -> HttpResponse:
    textbook, lesson, exercise = _part(
        request, book, lesson_id, Exercise.objects.all(), exercise_id
    )
    carry_out(
        request,
        lambda: services.exercise_remove(actor=request.user, exercise=exercise),
        done=_("The task is removed."),
    )
    return _back(textbook, lesson)


@login_required
@require_POST
def media_add(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        carry_out(
            request,
            lambda: services.media_add(
                actor=request.user,
                version=version,
                draft=form.draft(),
                upload=form.cleaned_data["file"],
                captions=form.cleaned_data["captions"],
            ),
            done=_("The file is added to the lesson."),
        )
    else:
        messages.error(request, _("Choose the kind of file and the file itself."))
    return _back(textbook, lesson)


@login_required
@require_POST
def media_edit(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, media_id: int
) -> HttpResponse:
    textbook, lesson, media = _part(request, book, lesson_id, Media.objects.all(), media_id)
    form = MediaEditForm(request.POST)
    if form.is_valid():
        carry_out(
            request,
            lambda: services.media_update(
                actor=request.user,
                media=media,
                alt_text=form.cleaned_data["alt_text"],
                transcript=form.cleaned_data["transcript"],
            ),
            done=_("The description is saved."),
        )
    return _back(textbook, lesson)


@login_required
@require_POST
def media_remove(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, media_id: int
) -> HttpResponse:
    textbook, lesson, media = _part(request, book, lesson_id, Media.objects.all(), media_id)
    carry_out(
        request,
        lambda: services.media_remove(actor=request.user, media=media),
        done=_("The file is removed from this version."),
    )
    return _back(textbook, lesson)


@require_safe
def media_file(request: HttpRequest, media_id: int) -> HttpResponseBase:
    """A lesson's picture, recording or captions, for whoever may read its version."""
    media = get_object_or_404(Media.objects.select_related("version__resource"), pk=media_id)
    if not request.user.has_perm("library.view_version", media.version):
        raise Http404
    name = media.captions.name if request.GET.get("part") == "captions" else media.file.name
    return file_response(request, name or "")
