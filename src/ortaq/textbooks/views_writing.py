"""The pages of writing a lesson: starting its content (a library resource), and, while its
open version is editable, its teacher's guide, its tasks and its media, as plain forms. Its text
is edited on the library's edit page, and its review goes through the library's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
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
        if request.method == "POST" and start.is_valid():
            try:
                services.lesson_start(
                    actor=request.user,
                    lesson=lesson,
                    subject=start.cleaned_data["subject"],
                    codes=start.cleaned_data["codes"],
                )
            except DomainError as exc:
                show_refusal(request, exc, start)
            else:
                messages.success(
                    request, _("The lesson's draft is started. Write its text, tasks and media.")
                )
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


def _conflict(request: HttpRequest, exc: library.DraftConflict, form: GuideForm | TaskForm) -> None:
    """Keep what she wrote, tell her someone saved meanwhile, and let her next save start from
    the revision she has now seen."""
    form.add_error(None, exc.message)
    data = form.data.copy()  # type: ignore[attr-defined]
    data["revision"] = str(exc.current.revision)
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def guide(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    current = getattr(version, "teacher_guide", None)
    form = GuideForm(
        request.POST or None,
        initial={"revision": version.revision, "text": current.text if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_save(
                actor=request.user,
                version=version,
                revision=form.cleaned_data["revision"],
                text=form.cleaned_data["text"],
            )
        except library.DraftConflict as exc:
            _conflict(request, exc, form)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The teacher's guide is saved."))
            return _back(textbook, lesson)
    return render(
        request,
        "textbooks/guide_form.html",
        {"textbook": textbook, "lesson": lesson, "form": form, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    form = TaskForm(request.POST or None, initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.exercise_add(
                actor=request.user,
                version=version,
                revision=form.cleaned_data["revision"],
                draft=form.draft(),
            )
        except library.DraftConflict as exc:
            _conflict(request, exc, form)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The task is added."))
            return _back(textbook, lesson)
    return render(
        request,
        "textbooks/task_form.html",
        {"textbook": textbook, "lesson": lesson, "form": form, "exercise": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, exercise_id: int
) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    exercise = get_object_or_404(
        Exercise.objects.prefetch_related("options", "accepted"), pk=exercise_id, version=version
    )
    exercise.version = version
    form = (
        TaskForm(request.POST)
        if request.method == "POST"
        else TaskForm.of(exercise, version.revision)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exercise_update(
                actor=request.user,
                exercise=exercise,
                revision=form.cleaned_data["revision"],
                draft=form.draft(),
            )
        except library.DraftConflict as exc:
            _conflict(request, exc, form)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The task is saved."))
            return _back(textbook, lesson)
    return render(
        request,
        "textbooks/task_form.html",
        {"textbook": textbook, "lesson": lesson, "form": form, "exercise": exercise},
    )


@login_required
@require_POST
def task_remove(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, exercise_id: int
) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    exercise = get_object_or_404(Exercise, pk=exercise_id, version=version)
    exercise.version = version
    try:
        services.exercise_remove(actor=request.user, exercise=exercise)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The task is removed."))
    return _back(textbook, lesson)


@login_required
@require_POST
def media_add(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.media_add(
                actor=request.user,
                version=version,
                draft=form.draft(),
                upload=form.cleaned_data["file"],
                captions=form.cleaned_data["captions"],
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The file is added to the lesson."))
    else:
        messages.error(request, _("Choose the kind of file and the file itself."))
    return _back(textbook, lesson)


@login_required
@require_POST
def media_edit(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, media_id: int
) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    media = get_object_or_404(Media, pk=media_id, version=version)
    media.version = version
    form = MediaEditForm(request.POST)
    if form.is_valid():
        try:
            services.media_update(
                actor=request.user,
                media=media,
                alt_text=form.cleaned_data["alt_text"],
                transcript=form.cleaned_data["transcript"],
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The description is saved."))
    return _back(textbook, lesson)


@login_required
@require_POST
def media_remove(
    request: AuthenticatedHttpRequest, book: str, lesson_id: int, media_id: int
) -> HttpResponse:
    textbook, lesson, version = _writing(request, book, lesson_id)
    media = get_object_or_404(Media, pk=media_id, version=version)
    media.version = version
    try:
        services.media_remove(actor=request.user, media=media)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The file is removed from this version."))
    return _back(textbook, lesson)


@require_safe
def media_file(request: HttpRequest, media_id: int) -> HttpResponseBase:
    """A lesson's picture, recording or captions, for whoever may read its version."""
    media = get_object_or_404(Media.objects.select_related("version__resource"), pk=media_id)
    if not request.user.has_perm("library.view_version", media.version):
        raise Http404
    name = media.captions.name if request.GET.get("part") == "captions" else media.file.name
    return file_response(request, name or "")
