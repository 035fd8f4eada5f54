"""What a teacher sees and does: the catalogue, a course, its activities, quizzes, reflections,
discussions, the self-assessment and the offline pack."""

import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.cache import get_and_copy
from ortaq.core.compression import KeptPage
from ortaq.core.context_processors import frame_key
from ortaq.core.csrf import masked_token
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.core.forms import id_from
from ortaq.courses import queries, services
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, PackStatus, Phase, QuestionKind
from ortaq.courses.forms import (
    CatalogueForm,
    ReflectionForm,
    SelfAssessmentForm,
)
from ortaq.courses.models import (
    Activity,
    Course,
    Enrollment,
    OfflinePack,
    QuizAttempt,
    ReflectionSubmission,
)
from ortaq.courses.queries.catalogue import (
    Version,
    enrollment_elsewhere,
    other_versions,
    versions_cache_key,
)
from ortaq.courses.queries.staff import Waiting
from ortaq.courses.services.enrolment import language_name
from ortaq.courses.templatetags.courses import outline_list, progress_box
from ortaq.courses.views.discuss import COMPLETED, discussion_context


def _download(request: HttpRequest, stored: FieldFile, name: str = "") -> HttpResponseBase:
    """A stored file, saved by the browser under ``name`` (what a person called it) or else
    under its stored name."""
    path = stored.name or ""
    return file_response(
        request, path, storage=stored.storage, download_name=name or path.rsplit("/", 1)[-1]
    )


def _refuse(request: HttpRequest, exc: DomainError) -> None:
    if exc.code == "not_enrolled":  # said on the page, which offers to enrol
        messages.error(request, exc.message)
    else:
        show_refusal(request, exc)


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """Published courses, filtered by language, subject and audience; hers first."""
    form = CatalogueForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    subject = filters.get("subject")
    entries = queries.catalogue(
        user=request.user,
        language=filters.get("language", ""),
        subject_id=subject.pk if subject else None,
        role=filters.get("role", ""),
        school_kind=filters.get("school_kind", ""),
        q=filters.get("q", ""),
    )
    mine = [e for e in entries if e.enrollment is not None]
    others = [e for e in entries if e.enrollment is None]
    can_author = request.user.has_perm("courses.add_course")
    return render(
        request,
        "courses/catalogue.html",
        {"form": form, "mine": mine, "others": others, "can_author": can_author},
    )


@require_safe
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course: outline with the state of each activity, progress, and where to continue.

    The busiest page of all: a teacher comes back to it after every activity. The whole page is
    kept in the cache for her enrolment (see ``PageKeys``), so a warm request reads her session,
    her user, her enrolment with the course (one statement), her rights and this one entry, and
    puts the answer's CSRF token in it. A first view reads her progress and finds the page kept
    for any teacher with the same progress (at a course's start, every one of them), or else
    draws her progress box and outline into the page's shell, kept for every teacher.
    """
    course, enrollment = queries.course_and_enrollment(course_id=course_id, user=request.user)
    user = request.user
    flags = {
        "can_edit": user.has_perm("courses.change_course", course),
        "can_report": user.has_perm("courses.view_report", course),
        "can_organise": user.has_perm("courses.manage_cohorts", course),
        "can_see_completions": user.has_perm("courses.view_completions", course),
    }
    # Reviewers and moderators, whatever else they may do, see what waits for them.
    waiting = queries.waiting_in_course(course=course, user=user)
    # The page, its shell, the course's translations and its offline packs, in one round trip.
    # Each cached copy is kept with the translations and packs it shows, and served only while
    # they are still those (a pack made in the background shows at once).
    keys = PageKeys.of(request, course, enrollment, flags, waiting)
    listed = [
        versions_cache_key(course.group_id),
        OfflinePack.listed_key(course.pk, course.content_version),
    ]
    found = cache.get_many([*listed, keys.page, keys.shell] if keys else listed)
    versions = other_versions(course, prefetched=found)
    packs = queries.packs_of(course, prefetched=found) if enrollment is not None else []
    shown = (
        ".".join(str(v.course_id) for v in versions),
        ".".join(f"{p.pk}{p.status[0]}" for p in packs),
    )
    page = _Kept(shown, found)

    def shell() -> str:
        return _shell(request, course, enrollment, flags, waiting, versions, packs)

    if keys is None or enrollment is None:  # not kept: compressed on its way out, if at all
        can_open = enrollment is not None or flags["can_edit"]
        progress_html, outline_html = _progress_and_outline(request, course, enrollment, can_open)
        html = _filled(shell(), progress_html, outline_html)
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, masked_token(request)))
    # The page is kept compressed, split where its forms' CSRF token goes (masked afresh for
    # each answer, against BREACH): an answer compresses nothing (``core.compression``).
    kept_page: KeptPage | None = page.get(keys.page)
    if kept_page is None:
        kept_page = _first_view(request, course, enrollment, keys, page, shell)
    return kept_page.response(request, masked_token(request))


# Where a form's CSRF token, her progress box and the outline go in the course page's shell.
CSRF_PLACEHOLDER = "ortaq-csrf-token-placeholder"
PROGRESS_PLACEHOLDER = "<!-- ortaq: her progress -->"
OUTLINE_PLACEHOLDER = "<!-- ortaq: the outline -->"
OUTLINE_SECONDS = 3600


class _Kept:
    """The course page's entries found in the cache, each kept as (what it shows, value): a
    value is given only while the translations and packs it shows are still those."""

    def __init__(self, shown: tuple[str, str], found: dict[str, Any]) -> None:
        self.shown, self.found = shown, found

    def get(self, key: str) -> Any:
        """The value found under ``key`` with the other entries."""
        return self._valid(self.found.get(key))

    def fetch(self, key: str, *, copy_to: str) -> Any:
        """The value under ``key``, read from the cache now and kept under ``copy_to`` too (in
        the same round trip; a value no longer valid is ignored there as here)."""
        return self._valid(get_and_copy(key, copy_to, OUTLINE_SECONDS))

    def _valid(self, cached: tuple[tuple[str, str], Any] | None) -> Any:
        return cached[1] if cached is not None and cached[0] == self.shown else None

    def entry(self, value: object) -> tuple[tuple[str, str], object]:
        return (self.shown, value)


def _first_view(
    request: HttpRequest,
    course: Course,
    enrollment: Enrollment,
    keys: "PageKeys",
    page: _Kept,
    shell: Callable[[], str],
) -> KeptPage:
    """Her page when it is not kept for her: a teacher's first view, or her first since her
    progress changed. Her progress is read, and the page kept for any teacher whose progress
    is the same is hers too (``PageKeys.same_progress``); else her progress box and outline
    are drawn into the page's shell (itself kept for every teacher of the course in her state)
    and the page is kept, for her and for whoever reaches the same progress.

    A completed course's page shows her own date and certificate: it is not shared, and is not
    kept while the certificate's PDF is still being drawn (it will appear)."""
    to_keep: dict[str, object] = {}
    rows = None
    shared = None
    if enrollment.status != EnrollmentStatus.COMPLETED:
        rows = queries.progress_rows(enrollment, phases=course.self_assessment)
        shared = keys.same_progress(enrollment, rows)
        found: KeptPage | None = page.fetch(shared, copy_to=keys.page)
        if found is not None:
            return found
    frame: str | None = page.get(keys.shell)
    if frame is None:
        frame = shell()
        to_keep[keys.shell] = page.entry(frame)
    outline = queries.outline_for(
        course=course, user=request.user, enrollment=enrollment, rows=rows
    )
    progress_html, outline_html = _drawn(request, course, outline, linked=True)
    kept_page = KeptPage.of(
        _filled(frame, progress_html, outline_html), CSRF_PLACEHOLDER, CSRF_TOKEN_LENGTH
    )
    if not outline.certificate_pending:
        to_keep[keys.page] = page.entry(kept_page)
    if shared is not None:
        to_keep[shared] = page.entry(kept_page)
    if to_keep:
        cache.set_many(to_keep, OUTLINE_SECONDS)
    return kept_page


def _filled(shell: str, progress_html: str, outline_html: str) -> str:
    return shell.replace(PROGRESS_PLACEHOLDER, progress_html, 1).replace(
        OUTLINE_PLACEHOLDER, outline_html, 1
    )


def _shell(
    request: HttpRequest,
    course: Course,
    enrollment: Enrollment | None,
    flags: dict[str, bool],
    waiting: Waiting,
    versions: list[Version],
    packs: list[OfflinePack],
) -> str:
    """The whole course page, frame included, with placeholders where each form's CSRF token,
    her progress box and the outline go: the same for every teacher of the course whose
    enrolment is in the same state."""
    context = {
        "course": course,
        "enrollment": enrollment,
        **_enrolment_offer(request, course, enrollment, versions),
        "progress_html": mark_safe(PROGRESS_PLACEHOLDER),  # noqa: S308 - a comment of ours
        "outline_html": mark_safe(OUTLINE_PLACEHOLDER),  # noqa: S308 - a comment of ours
        "modules": [module for module, _activities in queries.course_structure(course)],
        **flags,
        "waiting": waiting,
        "packs": packs,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    body = render_to_string("courses/includes/course_body.html", context, request)
    return render_to_string(
        "courses/course.html",
        {"course": course, "body": mark_safe(body), "csrf_token": CSRF_PLACEHOLDER},  # noqa: S308 - HTML drawn above
        request,
    )


class PageKeys(NamedTuple):
    """The cache keys of the whole course page for an enrolled reader (``page``) and of its
    shell (the page without her progress box and outline, shared by every teacher of the course
    whose enrolment is in the same state); ``common`` is what both depend on.

    The keys hold everything the page depends on: the course and its content as they were
    last saved, the language, the day (a course opens and closes by date), her rights on the
    course and in the header; the page's, her enrolment as it last changed (every step of
    progress saves it), the shell's, its state. The translations and offline packs it shows
    are kept beside each (``course``)."""

    page: str
    shell: str
    common: str

    @classmethod
    def of(
        cls,
        request: HttpRequest,
        course: Course,
        enrollment: Enrollment | None,
        flags: dict[str, bool],
        waiting: Waiting,
    ) -> "PageKeys | None":
        """None when the page is not kept: for someone not enrolled or who left (the page then
        looks at her other enrolments), for reviewers and moderators (their counts change with
        others' work), and when the frame around it cannot be kept (messages to show, a query
        in the address: ``frame_key``)."""
        if (
            enrollment is None
            or enrollment.status == EnrollmentStatus.LEFT
            or waiting.reflections is not None
            or waiting.reports is not None
        ):
            return None
        frame = frame_key(request)
        if frame is None:
            return None
        rights = "".join(str(int(flag)) for flag in flags.values())
        common = (
            f"{course.pk}.{course.content_version}.{course.updated_at.timestamp()}:"
            f"{request.LANGUAGE_CODE}:{timezone.localdate().isoformat()}:{rights}:{frame}"
        )
        return cls(
            f"ortaq:course-page-kept:{common}:{enrollment.pk}.{enrollment.updated_at.timestamp()}",
            f"ortaq:course-shell:{common}:{enrollment.status}",
            common,
        )

    def same_progress(self, enrollment: Enrollment, rows: queries.ProgressRows) -> str:
        """The key of the page as any teacher sees it whose enrolment is in this state, was
        last on this activity and has this progress (``rows``): all the progress box and the
        outline show, but for a completed course (her date, her certificate)."""
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
        return (
            f"ortaq:course-page-progress:{self.common}:{enrollment.status}:"
            f"{enrollment.last_activity_id}:{digest}"
        )


def _enrolment_offer(
    request: HttpRequest, course: Course, enrollment: Enrollment | None, versions: list[Version]
) -> dict[str, object]:
    """What the page offers instead of, or beside, the enrol button: the other languages of the
    course, her enrolment in one of them (one enrolment per course), and its dates."""
    elsewhere = None
    if enrollment is None or enrollment.status == EnrollmentStatus.LEFT:
        elsewhere = enrollment_elsewhere(user=request.user, course=course)
    return {
        "versions": versions,
        "elsewhere": elsewhere,
        "elsewhere_language": language_name(elsewhere.course.language) if elsewhere else "",
        "opens_later": course.opens_later(),
        "closed": course.has_closed(),
    }


def _progress_and_outline(
    request: HttpRequest, course: Course, enrollment: Enrollment | None, can_open: bool
) -> tuple[str, str]:
    """Her progress box and the outline, as HTML, for a page not kept whole (a reviewer's,
    a page with messages): from the cache when nothing has changed.

    The key holds everything the HTML depends on: the course's content version, her enrolment
    and the moment it last changed (every step of progress saves it), the language and whether
    the activities are links. A certificate still being drawn is not kept (its PDF will
    appear).
    """
    stamp = f"{enrollment.pk}.{enrollment.updated_at.timestamp()}" if enrollment else "-"
    key = (
        f"ortaq:course-page:{course.pk}.{course.content_version}:{stamp}:"
        f"{request.LANGUAGE_CODE}:{int(can_open)}"
    )
    cached: tuple[str, str] | None = cache.get(key)
    if cached is not None:
        return cached
    outline = queries.outline_for(course=course, user=request.user, enrollment=enrollment)
    drawn = _drawn(request, course, outline, linked=can_open)
    if not outline.certificate_pending:
        cache.set(key, drawn, OUTLINE_SECONDS)
    return drawn


def _drawn(
    request: HttpRequest, course: Course, outline: queries.Outline, *, linked: bool
) -> tuple[str, str]:
    """Her progress box and the outline as HTML."""
    base = reverse("courses:course", kwargs={"course_id": course.pk}) + "a/"
    return (
        progress_box(course, outline, outline.enrollment),
        outline_list(outline, base, linked=linked),
    )


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    try:
        services.enrollment_create(actor=request.user, course=course)
    except DomainError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("You are enrolled. Learn at your own pace."))
    return redirect("courses:course", course_id=course.pk)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    enrollment = get_object_or_404(Enrollment, course_id=course_id, user=request.user)
    services.enrollment_leave(actor=request.user, enrollment=enrollment)
    messages.success(request, _("You have left the course. Your progress is kept."))
    return redirect("courses:course", course_id=course_id)


def _enrollment_or_none(request: HttpRequest, course: Course) -> Enrollment | None:
    if not request.user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=request.user, course=course).first()


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: AuthenticatedHttpRequest, course_id: int, phase: str) -> HttpResponse:
    """Rate herself on the course's statements, before the first activity or after the last."""
    if phase not in Phase.values:
        raise Http404
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    enrollment = _enrollment_or_none(request, course)
    if enrollment is None:
        # She may see the course but is not enrolled in it: 403, as the API answers (0011).
        raise PermissionDenied
    items = list(course.assessment_items.all())
    if not course.self_assessment or not items:  # this course asks for no self-assessment
        raise Http404
    form = SelfAssessmentForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(
                actor=request.user, enrollment=enrollment, phase=phase, levels=form.levels()
            )
        except DomainError as exc:
            _refuse(request, exc)
        else:
            enrollment.refresh_from_db()
            if enrollment.status == EnrollmentStatus.COMPLETED:
                messages.success(request, _("You have completed the course. Well done!"))
            else:
                messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("courses:course", course_id=course.pk)
    return render(
        request,
        "courses/self_assessment.html",
        {"course": course, "form": form, "phase": phase, "after": phase == Phase.AFTER},
    )


@require_safe
def activity(request: HttpRequest, course_id: int, activity_id: int) -> HttpResponse:
    """An activity's page. Opening it notes where she is; reading a page completes it."""
    course, enrollment = queries.course_and_enrollment(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    is_author = request.user.has_perm("courses.change_course", course)
    if enrollment is None and not is_author:
        messages.info(request, _("Enrol in the course to open its activities."))
        return redirect("courses:course", course_id=course.pk)
    if enrollment is not None:
        was_active = enrollment.status == EnrollmentStatus.ACTIVE
        try:
            enrollment = services.activity_open(actor=current_user(request), activity=item)
        except DomainError as exc:
            if exc.code == "self_assessment_first":
                return redirect("courses:self_assessment", course_id=course.pk, phase=Phase.BEFORE)
            _refuse(request, exc)
            return redirect("courses:course", course_id=course.pk)
        if was_active and enrollment.status == EnrollmentStatus.COMPLETED:
            # Reading this page was her last step.
            messages.success(request, _(COMPLETED))
    outline = queries.outline_for(course=course, user=request.user, enrollment=enrollment)
    context = {
        "course": course,
        "activity": item,
        "outline": outline,
        "state": outline.states.get(item.pk),
        "enrollment": outline.enrollment,
        "neighbours": _neighbours(outline, item),
        "kinds": ActivityKind,
    }
    context.update(_kind_context(request, item, outline.enrollment))
    return render(request, "courses/activity.html", context)


def _neighbours(
    outline: queries.Outline, item: Activity
) -> tuple[Activity | None, Activity | None]:
    ordered = [s.activity for m in outline.modules for s in m.activities]
    index = next(i for i, a in enumerate(ordered) if a.pk == item.pk)
    before = ordered[index - 1] if index else None
    after = ordered[index + 1] if index + 1 < len(ordered) else None
    return before, after


def _kind_context(
    request: HttpRequest, item: Activity, enrollment: Enrollment | None
) -> dict[str, object]:
    if item.kind == ActivityKind.QUIZ and enrollment is not None:
        attempts = list(QuizAttempt.objects.filter(enrollment=enrollment, activity=item))
        used = sum(1 for a in attempts if a.submitted_at)
        left = None if item.max_attempts is None else max(item.max_attempts - used, 0)
        return {"attempts": attempts, "attempts_left": left, "questions": item.questions.count()}
    if item.kind == ActivityKind.REFLECTION:
        submission = (
            ReflectionSubmission.objects.filter(enrollment=enrollment, activity=item).first()
            if enrollment is not None
            else None
        )
        initial = {"text": submission.text} if submission else None
        return {"submission": submission, "form": ReflectionForm(initial=initial)}
    if item.kind == ActivityKind.DISCUSSION:
        return discussion_context(request, item, enrollment)
    return {}


@login_required
@require_POST
def complete(request: AuthenticatedHttpRequest, course_id: int, activity_id: int) -> HttpResponse:
    """ "I have watched it" / "I have done it": mark a video, exercise or handout as done."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    try:
        finished = services.activity_complete(actor=request.user, activity=item)
    except DomainError as exc:
        _refuse(request, exc)
        return redirect("courses:activity", course_id=course.pk, activity_id=item.pk)
    return _after_step(request, course, item, finished)


def _after_step(
    request: HttpRequest, course: Course, item: Activity, finished: bool
) -> HttpResponse:
    """Tell her the course is complete the moment it is, else take her to the next step."""
    if finished:
        messages.success(request, _(COMPLETED))
        return redirect("courses:course", course_id=course.pk)
    outline = queries.outline_for(course=course, user=request.user)
    if outline.owes_after and outline.required_done == outline.required_total:
        return redirect("courses:self_assessment", course_id=course.pk, phase=Phase.AFTER)
    _before, after = _neighbours(outline, item)
    if after is not None:
        return redirect("courses:activity", course_id=course.pk, activity_id=after.pk)
    return redirect("courses:course", course_id=course.pk)


@login_required
@require_safe
def handout(
    request: AuthenticatedHttpRequest, course_id: int, activity_id: int
) -> HttpResponseBase:
    """Download a handout; downloading it completes the activity."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    if item.kind != ActivityKind.FILE or not item.file:
        raise Http404
    if _enrollment_or_none(request, course) is not None:
        try:
            services.activity_complete(actor=request.user, activity=item)
        except DomainError as exc:
            _refuse(request, exc)
            return redirect("courses:activity", course_id=course.pk, activity_id=item.pk)
    elif not request.user.has_perm("courses.change_course", course):
        raise PermissionDenied
    return _download(request, item.file, item.file_name)


@login_required
@require_POST
def quiz_start(request: AuthenticatedHttpRequest, course_id: int, activity_id: int) -> HttpResponse:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    try:
        attempt = services.quiz_start(actor=request.user, activity=item)
    except DomainError as exc:
        _refuse(request, exc)
        return redirect("courses:activity", course_id=course.pk, activity_id=item.pk)
    return redirect("courses:attempt", course_id=course.pk, attempt_id=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attempt(request: AuthenticatedHttpRequest, course_id: int, attempt_id: int) -> HttpResponse:
    """Answer an attempt's questions, in the order drawn for it; after submitting, the result
    with the feedback for each answer."""
    found = get_object_or_404(
        QuizAttempt.objects.select_related("activity__module__course", "enrollment"),
        pk=attempt_id,
        activity__module__course_id=course_id,
    )
    if found.enrollment.user_id != request.user.pk:
        raise Http404
    course = found.activity.module.course
    questions = {q.pk: q for q in found.activity.questions.prefetch_related("choices")}
    if request.method == "POST" and found.submitted_at is None:
        answers: dict[int, list[int] | str] = {}
        for question_id in found.question_ids():
            question = questions[question_id]
            key = f"q{question_id}"
            if question.kind == QuestionKind.SHORT:
                answers[question_id] = request.POST.get(key, "")
            else:
                values = request.POST.getlist(key)
                if not all(v.isdigit() for v in values):
                    messages.error(
                        request, _("An answer names an option that is not in the question.")
                    )
                    return redirect("courses:attempt", course_id=course.pk, attempt_id=found.pk)
                answers[question_id] = [int(v) for v in values]
        try:
            found = services.quiz_submit(actor=request.user, attempt=found, answers=answers)
        except DomainError as exc:
            _refuse(request, exc)
            return redirect("courses:attempt", course_id=course.pk, attempt_id=found.pk)
        found.enrollment.refresh_from_db()
        if found.passed and found.enrollment.status == EnrollmentStatus.COMPLETED:
            messages.success(request, _(COMPLETED))
        return redirect("courses:attempt", course_id=course.pk, attempt_id=found.pk)
    answers_given = {a.question_id: a for a in found.answers.all()} if found.submitted_at else {}
    rows = []
    for question_id in found.question_ids():
        shown = questions.get(question_id)
        if shown is None:
            continue
        by_id = {c.pk: c for c in shown.choices.all()}
        options = [by_id[c] for c in found.choice_ids(question_id) if c in by_id]
        rows.append((shown, options, answers_given.get(question_id)))
    context: dict[str, object] = {
        "course": course,
        "attempt": found,
        "activity": found.activity,
        "rows": rows,
    }
    if found.submitted_at:
        context.update(_after_attempt(request, course, found))
    return render(request, "courses/attempt.html", context)


def _after_attempt(request: HttpRequest, course: Course, attempt: QuizAttempt) -> dict[str, object]:
    """Where to go after a submitted attempt, and whether the right answers may be shown: once
    she has passed or has no attempt left, so that a retry still asks her to think."""
    item = attempt.activity
    used = QuizAttempt.objects.filter(
        enrollment=attempt.enrollment, activity=item, submitted_at__isnull=False
    ).count()
    no_more = item.max_attempts is not None and used >= item.max_attempts
    _before, after = _neighbours(queries.outline_for(course=course, user=request.user), item)
    return {"show_right": bool(attempt.passed) or no_more, "after": after}


@login_required
@require_POST
def reflection(request: AuthenticatedHttpRequest, course_id: int, activity_id: int) -> HttpResponse:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    form = ReflectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.reflection_submit(
                actor=request.user,
                activity=item,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
        except DomainError as exc:
            _refuse(request, exc)
        else:
            if item.review_required:
                messages.success(request, _("Sent. A facilitator will read it."))
            else:
                enrollment = Enrollment.objects.get(user=current_user(request), course=course)
                return _after_step(
                    request, course, item, enrollment.status == EnrollmentStatus.COMPLETED
                )
    else:
        messages.error(request, _("Check the file: it could not be received."))
    return redirect("courses:activity", course_id=course.pk, activity_id=item.pk)


@login_required
@require_safe
def reflection_file(
    request: AuthenticatedHttpRequest, course_id: int, submission_id: int
) -> HttpResponseBase:
    """A reflection's file: for its author and for those who review her."""
    submission = queries.reflection_with_file(
        course_id=course_id, submission_id=submission_id, user=request.user
    )
    return _download(request, submission.file, submission.file_name)


@login_required
@require_POST
def pack_request(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Ask for the course (or one module) as an offline pack."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    module = course.modules.filter(pk=id_from(request.POST.get("module"))).first()
    try:
        pack = services.pack_request(
            actor=request.user,
            course=course,
            module=module,
            with_videos=request.POST.get("with_videos") == "1",
        )
    except DomainError as exc:
        _refuse(request, exc)
    else:
        if pack.status == PackStatus.READY:
            return redirect("courses:pack", course_id=course.pk, pack_id=pack.pk)
        messages.info(
            request, _("The pack is being made. Its link appears under “Offline” when it is ready.")
        )
    return redirect(reverse("courses:course", kwargs={"course_id": course.pk}) + "#offline")


@login_required
@require_safe
def pack(request: AuthenticatedHttpRequest, course_id: int, pack_id: int) -> HttpResponseBase:
    found = get_object_or_404(
        OfflinePack.objects.select_related("course"), pk=pack_id, course_id=course_id
    )
    course = found.course
    enrolled = Enrollment.objects.filter(user=current_user(request), course=course).exists()
    if not (enrolled or request.user.has_perm("courses.change_course", course)):
        raise Http404
    if found.status != PackStatus.READY:
        return redirect(reverse("courses:course", kwargs={"course_id": course.pk}) + "#offline")
    return _download(request, found.file, found.download_name)
