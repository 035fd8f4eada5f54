"""What a pupil and her teacher use: the lesson page with its self-checking tasks (checked on
the server too, for a page without JavaScript), a class session (opened by the teacher, joined
by pupils with its code, answers counted without names), the service worker that keeps opened
lessons readable offline, a unit's offline pack and its printed edition.

A pupil has no account. What the server keeps of her is in her own session cookie: the class
code she entered and, when she answers without JavaScript, her last answer per task (so that
the page shows them again), never in a table of the database."""

import contextlib
import json
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.core.http import client_ip
from ortaq.core.markup import render_markdown
from ortaq.core.visibility import is_signed_in
from ortaq.library.models import Version
from ortaq.textbooks import classes, packs, printing
from ortaq.textbooks.checking import answer_of, check, task_view
from ortaq.textbooks.forms_pupil import ClassCodeForm, SessionForm
from ortaq.textbooks.models import ClassSession, Media
from ortaq.textbooks.reading import Reading, lesson_path, lesson_reading, textbook_path

ANSWERS = "textbooks-answers"
CLASS = "textbooks-class"
STATIC = Path(__file__).resolve().parent / "static" / "textbooks"


def _pupil_answers(request: HttpRequest, version_id: int) -> dict[str, Any]:
    stored: dict[str, Any] = request.session.get(ANSWERS, {}).get(str(version_id), {})
    return stored


def _class_of(request: HttpRequest, reading: Reading) -> ClassSession | None:
    """The open class session the pupil entered, if it is of this lesson's version."""
    entered = request.session.get(CLASS)
    if not entered or entered.get("version") != reading.version.pk:
        return None
    session = ClassSession.objects.filter(code=entered.get("code")).first()
    return session if session is not None and session.is_open else None


def _count_once(request: HttpRequest, session: ClassSession, exercise_id: int, right: bool) -> None:
    """Count a no-JavaScript pupil's first answer to a task, once: its receipt is kept in her
    session, so that sending the form again sends the same receipt."""
    entered = request.session.get(CLASS, {})
    receipts = entered.setdefault("receipts", {})
    if str(exercise_id) in receipts:
        return
    receipts[str(exercise_id)] = str(uuid.uuid4())
    request.session[CLASS] = entered
    # Should the session close meanwhile, her answer is still checked, only not counted.
    with contextlib.suppress(DomainError):
        classes.answer_count(
            code=session.code,
            exercise_id=exercise_id,
            right=right,
            receipt=receipts[str(exercise_id)],
            address=client_ip(request),
        )


def lesson(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponseBase:
    """A published lesson for pupils, no account needed: its text, media and tasks. A task's
    form checks itself in the page (``tasks.js``); without JavaScript it posts here, and the
    page comes back with her answer, whether it was right and the feedback."""
    reading = lesson_reading(slug=slug, lesson_id=lesson_id, user=request.user)
    version = reading.version
    session = _class_of(request, reading)
    if request.method == "POST":
        exercise = next(
            (e for e in reading.exercises if str(e.pk) == request.POST.get("exercise")), None
        )
        if exercise is None:
            return render(request, "textbooks/pupil/unknown_task.html", status=400)
        answer = answer_of(exercise, request.POST)
        result = check(exercise, answer)
        all_answers = request.session.get(ANSWERS, {})
        mine = all_answers.setdefault(str(version.pk), {})
        mine[str(exercise.pk)] = answer
        request.session[ANSWERS] = all_answers
        if result.complete and session is not None:
            _count_once(request, session, exercise.pk, result.right)
        return HttpResponseRedirect(f"{request.path}#task-{exercise.pk}")
    answered = _pupil_answers(request, version.pk)
    tasks = []
    for number, exercise in enumerate(reading.exercises, 1):
        values = answered.get(str(exercise.pk))
        view = task_view(exercise, number, values)
        tasks.append((view, check(exercise, values) if values else None))
    right = sum(1 for _view, result in tasks if result is not None and result.right)
    context = {
        "reading": reading,
        "textbook_url": textbook_path(reading.textbook),
        "body": render_markdown(version.body),
        "guide": render_markdown(reading.guide) if is_signed_in(request.user) else "",
        "teacher": is_signed_in(request.user),
        "tasks": tasks,
        "right": right,
        "answered": bool(answered),
        "class_session": session,
        "storage_key": f"ortaq-textbook-{version.pk}",
        "offline": False,
    }
    response = render(request, "textbooks/pupil/lesson.html", context)
    # The page names the pupil's answers and class when she has some: never shared caches.
    response["Cache-Control"] = "private, no-cache"
    return response


def media(request: HttpRequest, media_id: int, part: str = "file") -> HttpResponseBase:
    """A published lesson's image, audio or video, or its captions: public, as the lesson is."""
    item = Media.objects.filter(
        pk=media_id,
        version__in=Version.objects.public(),
        version__resource__textbook_lesson__unit__textbook__is_published=True,
    ).first()
    stored = getattr(item, part, None) if item is not None else None
    if not stored:
        raise Http404
    response = file_response(request, stored.name)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def class_join(request: HttpRequest) -> HttpResponse:
    """A pupil enters her class's code; the lesson's page then sends her first answers."""
    form = ClassCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = classes.open_session_by_code(form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            request.session[CLASS] = {
                "code": session.code,
                "version": session.version_id,
                "receipts": {},
            }
            textbook = session.lesson.unit.textbook
            return redirect(lesson_path(session.lesson, textbook))
    return render(request, "textbooks/pupil/class_join.html", {"form": form})


@require_POST
def class_answer(request: HttpRequest) -> JsonResponse:
    """A pupil's page sends one task's first result: ``{"code", "exercise", "right",
    "receipt"}``. Only counts are written; a receipt sent again is not counted again. The
    page sends the CSRF token it was given (the site's rule holds here too)."""
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        exercise_id = int(data.get("exercise", ""))
        right = data.get("right")
        if not isinstance(right, bool):
            raise ValueError
    except (ValueError, TypeError):
        return JsonResponse({"detail": _("The answer could not be read.")}, status=400)
    try:
        counted = classes.answer_count(
            code=str(data.get("code", "")),
            exercise_id=exercise_id,
            right=right,
            receipt=str(data.get("receipt", "")),
            address=client_ip(request),
        )
    except DomainError as exc:
        return JsonResponse({"detail": exc.message}, status=429 if exc.code == "throttled" else 400)
    return JsonResponse({"counted": counted})


@login_required
def session_create(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """A teacher opens a class session of a published lesson."""
    reading = lesson_reading(slug=slug, lesson_id=lesson_id, user=request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = classes.class_session_open(
                actor=request.user,  # type: ignore[arg-type]
                lesson=reading.lesson,
                label=form.cleaned_data["label"],
                hours=form.cleaned_data["hours"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("textbooks:session", code=session.code)
    return render(
        request,
        "textbooks/pupil/session_form.html",
        {
            "reading": reading,
            "form": form,
            "lesson_url": lesson_path(reading.lesson, reading.textbook),
        },
    )


@login_required
def session(request: HttpRequest, code: str) -> HttpResponse:
    """Her session's code (large, and as a QR code of the page where pupils enter it) and how
    her class does per task, with a link to refresh it. (Not a ``<meta http-equiv=refresh>``:
    a page that reloads itself on a timer fails WCAG 2.2.1, and axe-core says so.)"""
    found = classes.session_for_teacher(code=code, user=request.user)
    textbook = found.lesson.unit.textbook
    join_url = request.build_absolute_uri(reverse("textbooks:class_join"))
    return render(
        request,
        "textbooks/pupil/session.html",
        {
            "session": found,
            "totals": classes.session_totals(found),
            "qr": classes.qr_data_url(join_url),
            "join_url": join_url,
            "lesson_url": lesson_path(found.lesson, textbook),
        },
    )


@login_required
@require_POST
def session_close(request: HttpRequest, code: str) -> HttpResponse:
    found = classes.session_for_teacher(code=code, user=request.user)
    try:
        classes.class_session_close(actor=request.user, session=found)  # type: ignore[arg-type]
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("textbooks:session", code=found.code)


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under the language's ``textbooks/`` so that its scope is
    every textbook page of that language."""
    response = HttpResponse(
        (STATIC / "sw.js").read_bytes(), content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


def unit_pack(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    """A unit's published lessons as a ZIP of pages that open from disk, tasks working."""
    data, unit = packs.unit_pack(slug=slug, unit_id=unit_id, user=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = slugify(f"{unit.textbook.slug}-{unit.position}") or "unit"
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


def unit_print(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    """A unit's published lessons as a PDF, each task in printed form with a QR code to it."""
    data, unit = printing.unit_pdf(slug=slug, unit_id=unit_id, user=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    name = slugify(f"{unit.textbook.slug}-{unit.position}") or "unit"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
