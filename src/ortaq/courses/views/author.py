"""What a trainer uses to write a course: its settings, modules, activities, questions and
self-assessment, its trainers, and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.forms import id_from
from ortaq.courses import queries, services
from ortaq.courses.choices import ActivityKind
from ortaq.courses.forms import (
    ActivityForm,
    AssessmentItemsForm,
    CourseForm,
    EmailForm,
    ModuleForm,
    QuestionForm,
)
from ortaq.courses.models import Activity, Course, Module, Question


def _course_for_edit(request: HttpRequest, course_id: int) -> Course:
    return queries.course_get_for_user(course_id=course_id, user=request.user, for_write=True)


@require_perm("courses.add_course")
@require_safe
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The courses she writes."""
    courses = queries.courses_authored_by(user=request.user)
    return render(request, "courses/author/mine.html", {"courses": courses})


@require_perm("courses.add_course")
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a course, or (``?translation_of=ID``) its version in another language."""
    original = None
    if request.GET.get("translation_of"):
        original = _course_for_edit(request, id_from(request.GET["translation_of"]))
    initial = {"hours": original.hours} if original else {}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                actor=request.user,
                language=form.cleaned_data["language"],
                data=form.course_fields(),
                translation_of=original,
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The course is created as a draft. Add its modules."))
            return redirect("courses:edit", course_id=course.pk)
    return render(request, "courses/author/course_form.html", {"form": form, "original": original})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The course's settings and its structure, with everything a trainer can do to it."""
    course = _course_for_edit(request, course_id)
    form = CourseForm.for_course(course, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(actor=request.user, course=course, data=form.course_fields())
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("courses:edit", course_id=course.pk)
    return render(
        request,
        "courses/author/edit.html",
        {
            "course": course,
            "form": form,
            "structure": queries.course_structure(course),
            "problems": services.publication_problems(course),
            "translations": course.group.courses.exclude(pk=course.pk),
            "kinds": ActivityKind.choices,
        },
    )


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    try:
        services.course_publish(actor=request.user, course=course)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The course is published: teachers can find it and enrol."))
    return redirect("courses:edit", course_id=course.pk)


@login_required
@require_POST
def archive(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    services.course_archive(actor=request.user, course=course)
    messages.success(request, _("The course is archived."))
    return redirect("courses:edit", course_id=course.pk)


@login_required
@require_http_methods(["GET", "POST"])
def module_form(
    request: AuthenticatedHttpRequest, course_id: int, module_id: int | None = None
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    module = get_object_or_404(Module, pk=module_id, course=course) if module_id else None
    initial = {"title": module.title, "summary": module.summary} if module else None
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(
                actor=request.user, course=course, module=module, **form.cleaned_data
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("courses:edit", course_id=course.pk)
    return render(
        request, "courses/author/simple_form.html",
        {"course": course, "form": form,
         "heading": module.title if module else _("New module")},
    )  # fmt: skip


@login_required
@require_POST
def module_move(request: AuthenticatedHttpRequest, course_id: int, module_id: int) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    module = get_object_or_404(Module, pk=module_id, course=course)
    services.module_move(actor=request.user, module=module, offset=_offset(request))
    return redirect("courses:edit", course_id=course.pk)


@login_required
@require_POST
def module_delete(
    request: AuthenticatedHttpRequest, course_id: int, module_id: int
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    module = get_object_or_404(Module, pk=module_id, course=course)
    try:
        services.module_delete(actor=request.user, module=module)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("courses:edit", course_id=course.pk)


def _offset(request: HttpRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@login_required
@require_http_methods(["GET", "POST"])
def activity_form(
    request: AuthenticatedHttpRequest,
    course_id: int,
    module_id: int | None = None,
    activity_id: int | None = None,
) -> HttpResponse:
    """Add an activity of a kind (``?kind=video``) to a module, or change one."""
    course = _course_for_edit(request, course_id)
    if activity_id is not None:
        activity = get_object_or_404(Activity, pk=activity_id, module__course=course)
        module, kind = activity.module, activity.kind
    else:
        activity = None
        module = get_object_or_404(Module, pk=module_id, course=course)
        kind = request.GET.get("kind", "")
        if kind not in ActivityKind.values:
            raise Http404
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                actor=request.user, module=module, activity=activity, data=form.activity_fields()
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The activity is saved."))
            if saved.kind == ActivityKind.QUIZ and activity is None:
                return redirect("courses:activity_edit", course_id=course.pk, activity_id=saved.pk)
            return redirect("courses:edit", course_id=course.pk)
    return render(
        request,
        "courses/author/activity_form.html",
        {
            "course": course,
            "module": module,
            "activity": activity,
            "form": form,
            "kind_label": ActivityKind(kind).label,
            "questions": activity.questions.prefetch_related("choices") if activity else [],
        },
    )


@login_required
@require_POST
def activity_move(
    request: AuthenticatedHttpRequest, course_id: int, activity_id: int
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    activity = get_object_or_404(Activity, pk=activity_id, module__course=course)
    services.activity_move(actor=request.user, activity=activity, offset=_offset(request))
    return redirect("courses:edit", course_id=course.pk)


@login_required
@require_POST
def activity_delete(
    request: AuthenticatedHttpRequest, course_id: int, activity_id: int
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    activity = get_object_or_404(Activity, pk=activity_id, module__course=course)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("courses:edit", course_id=course.pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_form(
    request: AuthenticatedHttpRequest,
    course_id: int,
    activity_id: int,
    question_id: int | None = None,
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    quiz = get_object_or_404(
        Activity, pk=activity_id, module__course=course, kind=ActivityKind.QUIZ
    )
    question = get_object_or_404(Question, pk=question_id, activity=quiz) if question_id else None
    if question is not None:
        form = QuestionForm.for_question(question, request.POST or None)
    else:
        form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.user, activity=quiz, question=question, data=form.question_fields()
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("courses:activity_edit", course_id=course.pk, activity_id=quiz.pk)
    return render(
        request, "courses/author/question_form.html",
        {"course": course, "quiz": quiz, "question": question, "form": form},
    )  # fmt: skip


@login_required
@require_POST
def question_delete(
    request: AuthenticatedHttpRequest, course_id: int, question_id: int
) -> HttpResponse:
    course = _course_for_edit(request, course_id)
    question = get_object_or_404(Question, pk=question_id, activity__module__course=course)
    services.question_delete(actor=request.user, question=question)
    return redirect("courses:activity_edit", course_id=course.pk, activity_id=question.activity_id)


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The statements of the self-assessment, one per line."""
    course = _course_for_edit(request, course_id)
    current = "\n".join(course.assessment_items.values_list("text", flat=True))
    form = AssessmentItemsForm(request.POST or None, initial={"items": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_items_set(
                actor=request.user, course=course, items=form.cleaned_data["items"].splitlines()
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The self-assessment is saved."))
            return redirect("courses:edit", course_id=course.pk)
    return render(
        request, "courses/author/simple_form.html",
        {"course": course, "form": form, "heading": _("Self-assessment")},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def trainers(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Add another trainer to the course by her e-mail."""
    course = _course_for_edit(request, course_id)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["email"]
        services.trainer_add(actor=request.user, course=course, user=user)
        messages.success(request, _("%(name)s is now a trainer of this course.") % {"name": user})
        return redirect("courses:edit", course_id=course.pk)
    return render(
        request, "courses/author/simple_form.html",
        {"course": course, "form": form, "heading": _("Add a trainer")},
    )  # fmt: skip
