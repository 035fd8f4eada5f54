"""Pages of a Lesson Study group and each step of its cycles, and the public report.

A cycle's pages answer 404 to whoever does not read its working material (decision 0011);
a page or form of a step its reader may not take answers 403. Each page makes a fixed number
of queries (``queries.cycles``), whatever the number of stages, case pupils and notes.
"""

from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.models import User
from ortaq.communities.choices import CircleKind, MembershipStatus
from ortaq.communities.models import Circle, Membership
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.journal.choices import Status as JournalStatus
from ortaq.journal.services import open_call
from ortaq.lessonstudy.choices import RESEARCH_LESSONS_MAX, ReportStatus, Step
from ortaq.lessonstudy.forms import (
    CasePupilsForm,
    CycleForm,
    DiscussionForm,
    ExpertCommentsForm,
    ExpertForm,
    FocusForm,
    GroupForm,
    InterviewForm,
    InterviewTextForm,
    LessonForm,
    PlanForm,
    ReportDraftForm,
    ReportForm,
    ReportSubmitForm,
)
from ortaq.lessonstudy.models import Cycle, Group, Interview, Report, ResearchLesson
from ortaq.lessonstudy.queries import cycles as queries
from ortaq.lessonstudy.services import cycles as services
from ortaq.lessonstudy.services import to_journal
from ortaq.networks import queries as network_queries
from ortaq.networks.models import Association

RUN, CONTRIBUTE = "lessonstudy.run_cycle", "lessonstudy.contribute"


def observe_url(lesson: ResearchLesson) -> str:
    """The observer's page of the lesson, once the observation part is there."""
    try:
        return reverse("lessonstudy:observe", args=(lesson.cycle_id, lesson.number))
    except NoReverseMatch:
        return ""


def _cycle_url(cycle: Cycle) -> str:
    return reverse("lessonstudy:cycle", args=(cycle.pk,))


def _lesson_url(lesson: ResearchLesson) -> str:
    return reverse("lessonstudy:lesson", args=(lesson.cycle_id, lesson.number))


def _members(group_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(circle_id=group_id, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ]


# The group ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Start a Lesson Study group of the association: its coordinators' page."""
    association = network_queries.association_get(slug=slug)
    check_object_perm(request, "networks.change_association", association)
    schools = [m.school for m in network_queries.member_schools(association=association)]
    form = GroupForm(request.POST or None, schools=schools, initial={"language": "kk"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                actor=request.user,
                association=association,
                data=services.GroupFields(
                    name=data["name"],
                    purpose=data["purpose"],
                    language=data["language"],
                    schools=list(data["schools"]),
                ),
                facilitator=data["facilitator"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("The group is started: its facilitator invites its members.")
            )
            if Group.objects.visible_to(request.user).filter(pk=group.pk).exists():
                return redirect("lessonstudy:group", group.pk)
            return redirect("networks:association", slug=association.slug)
    return render(
        request, "lessonstudy/group_form.html", {"association": association, "form": form}
    )


@login_required
@require_safe
def group(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """The group: its cycles and what each has reached, its people, its circle."""
    found = queries.group_get_for_user(group_id=group_id, user=request.user)
    return render(
        request,
        "lessonstudy/group.html",
        {
            "group": found,
            "page": queries.group_page(group=found),
            "can_run": request.user.has_perm(RUN, found),
            "steps": Step,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_expert(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Name the group's knowledgeable other (or nobody)."""
    found = queries.group_get_for_user(group_id=group_id, user=request.user)
    check_object_perm(request, RUN, found)
    expert = found.knowledgeable_other
    form = ExpertForm(request.POST or None, initial={"email": expert.email if expert else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_set_expert(
                actor=request.user, group=found, expert=form.cleaned_data["email"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The knowledgeable other is saved."))
            return redirect("lessonstudy:group", found.pk)
    return render(request, "lessonstudy/expert_form.html", {"group": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Start a cycle of the group."""
    found = queries.group_get_for_user(group_id=group_id, user=request.user)
    check_object_perm(request, RUN, found)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(
                actor=request.user, group=found, title=form.cleaned_data["title"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("lessonstudy:focus", cycle.pk)
    return render(request, "lessonstudy/cycle_form.html", {"group": found, "form": form})


# The cycle and its first steps ----------------------------------------------------------


@login_required
@require_safe
def cycle(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    """The cycle's steps: what each produced, and what waits."""
    found = queries.cycle_get_for_user(cycle_id=cycle_id, user=request.user)
    page = queries.cycle_page(cycle=found)
    last = page.lessons[-1] if page.lessons else None
    can_run = request.user.has_perm(RUN, found)
    return render(
        request,
        "lessonstudy/cycle.html",
        {
            "cycle": found,
            "group": found.group,
            "page": page,
            "can_run": can_run,
            "can_add_lesson": can_run
            and last is not None
            and last.number < RESEARCH_LESSONS_MAX
            and getattr(last, "discussion", None) is not None
            and bool(last.discussion.findings),
            "can_report": can_run and found.step >= Step.REPORT,
            "steps": Step,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def focus(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    """Step 1: the subject, grades, objectives and the research question."""
    found = queries.cycle_get_for_user(cycle_id=cycle_id, user=request.user)
    check_object_perm(request, RUN, found)
    initial = {
        "subject": found.subject_id,
        "grades": found.grades,
        "objectives": ", ".join(found.objectives),
        "approach": found.approach,
        "learning": found.learning,
        "learners": found.learners,
        "research_question": found.research_question,
    }
    form = FocusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.focus_save(
                actor=request.user,
                cycle=found,
                data=services.FocusFields(
                    subject=data["subject"],
                    grades=data["grades"],
                    objectives=form.objective_codes(),
                    approach=data["approach"],
                    learning=data["learning"],
                    learners=data["learners"],
                    research_question=data["research_question"],
                ),
            )
        except DomainError as exc:
            if exc.code == "objectives":
                form.add_error("objectives", exc.message)
            else:
                show_refusal(request, exc, form)
        else:
            messages.success(request, _("The focus is saved."))
            return redirect("lessonstudy:pupils", found.pk)
    return render(request, "lessonstudy/focus.html", {"cycle": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pupils(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    """Step 2: two to four case pupils, each a letter, a band and why; nothing else."""
    found = queries.cycle_get_for_user(cycle_id=cycle_id, user=request.user)
    check_object_perm(request, RUN, found)
    current = list(found.case_pupils.all())
    form = CasePupilsForm(request.POST or None, initial=CasePupilsForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_pupils_save(
                actor=request.user,
                cycle=found,
                pupils=[services.PupilFields(c, b, r) for c, b, r in form.chosen()],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The case pupils are saved."))
            return redirect("lessonstudy:plan", found.pk, 1)
    return render(request, "lessonstudy/pupils.html", {"cycle": found, "form": form})


# Research lessons ------------------------------------------------------------------------


@login_required
@require_POST
def lesson_create(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    """Start the next research lesson, its plan a copy of the previous one's to revise."""
    found = queries.cycle_get_for_user(cycle_id=cycle_id, user=request.user)
    check_object_perm(request, RUN, found)
    try:
        lesson = services.lesson_create(actor=request.user, cycle=found)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect(_cycle_url(found))
    messages.success(
        request,
        _("Research lesson %(number)s starts from the previous plan: revise it.")
        % {"number": lesson.number},
    )
    return redirect("lessonstudy:plan", found.pk, lesson.number)


@login_required
@require_http_methods(["GET", "POST"])
def lesson(request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int) -> HttpResponse:
    """A research lesson: who teaches it, when, its intention, its plan's grid; the links to
    observe it, its interviews and its discussion."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    can_run = request.user.has_perm(RUN, found)
    form = None
    if can_run:
        form = LessonForm(
            request.POST or None,
            members=_members(found.cycle.group_id),
            initial={
                "teacher": found.teacher_id,
                "taught_on": found.taught_on,
                "class_label": found.class_label,
                "learning_intention": found.learning_intention,
                "success_criteria": found.success_criteria,
                "interview_questions": found.interview_questions,
            },
        )
    elif request.method == "POST":
        check_object_perm(request, RUN, found)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.lesson_update(
                actor=request.user,
                lesson=found,
                data=services.LessonFields(
                    teacher=form.teacher_user(),
                    taught_on=data["taught_on"],
                    class_label=data["class_label"],
                    learning_intention=data["learning_intention"],
                    success_criteria=data["success_criteria"],
                    interview_questions=data["interview_questions"],
                ),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The research lesson is saved."))
            return redirect(_lesson_url(found))
    return render(
        request,
        "lessonstudy/lesson.html",
        {
            "cycle": found.cycle,
            "lesson": found,
            "material": queries.lesson_material(lesson=found, notes=False),
            "form": form,
            "can_run": can_run,
            "observe_url": observe_url(found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int) -> HttpResponse:
    """Step 3: the plan's grid, stages × case pupils, one box per cell; stages added,
    removed and reordered by their place numbers."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    check_object_perm(request, RUN, found)
    material = queries.lesson_material(lesson=found, notes=False)
    if not material.pupils:
        messages.info(request, _("Choose the case pupils first."))
        return redirect("lessonstudy:pupils", found.cycle_id)
    predictions = {
        (cell.stage.pk, cell.pupil.pk): cell.predicted
        for block in material.blocks
        for cell in block.cells
    }
    form = PlanForm(
        request.POST or None,
        stages=material.stages,
        pupils=material.pupils,
        predictions=predictions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = []
        for key in form.row_keys:
            rows.append(
                services.StageFields(
                    pk=None if key.startswith("new") else int(key),
                    position=data.get(f"{key}-position") or 99,
                    title=data.get(f"{key}-title", ""),
                    minutes=data.get(f"{key}-minutes"),
                    teacher_activity=data.get(f"{key}-teacher", ""),
                    predictions={p.pk: data.get(f"{key}-p{p.pk}", "") for p in material.pupils},
                    delete=bool(data.get(f"{key}-delete")),
                )
            )
        try:
            services.plan_save(actor=request.user, lesson=found, stages=rows)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("lessonstudy:plan", found.cycle_id, found.number)
    return render(
        request,
        "lessonstudy/plan.html",
        {"cycle": found.cycle, "lesson": found, "form": form, "rows": form.rows()},
    )


@login_required
@require_safe
def compare(request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int) -> HttpResponse:
    """The lesson's plan beside the previous lesson's, stage by stage (the revision)."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    if found.number == 1:
        raise Http404
    previous = (
        ResearchLesson.objects.filter(cycle_id=found.cycle_id, number=found.number - 1)
        .select_related("teacher")
        .first()
    )
    if previous is None:
        raise Http404
    before, after = queries.lessons_material(lessons=[previous, found])
    return render(
        request,
        "lessonstudy/compare.html",
        {
            "cycle": found.cycle,
            "lesson": found,
            "before": before,
            "after": after,
            # Stage by stage, in order: a stage added or removed leaves its other side empty.
            "pairs": list(zip_longest(before.rows, after.rows)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interviews(
    request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int
) -> HttpResponse:
    """Step 5: what each case pupil said after the lesson; every member notes it."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    material = queries.lesson_material(lesson=found, notes=False)
    can_add = request.user.has_perm(CONTRIBUTE, found)
    if request.method == "POST":
        check_object_perm(request, CONTRIBUTE, found)
    form = InterviewForm(request.POST or None, pupils=material.pupils) if can_add else None
    if request.method == "POST" and form is not None and form.is_valid():
        pupil = next(p for p in material.pupils if p.pk == form.cleaned_data["pupil"])
        try:
            services.interview_add(
                actor=request.user, lesson=found, pupil=pupil, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The interview note is saved."))
            return redirect("lessonstudy:interviews", found.cycle_id, found.number)
    published = Report.objects.filter(
        cycle_id=found.cycle_id, status=ReportStatus.PUBLISHED
    ).exists()
    runs = request.user.has_perm(RUN, found)
    changeable = (
        set()
        if published or not can_add
        else {
            interview.pk
            for block in material.blocks
            for interview in block.interviews
            if runs or interview.author_id == request.user.pk
        }
    )
    return render(
        request,
        "lessonstudy/interviews.html",
        {
            "cycle": found.cycle,
            "lesson": found,
            "material": material,
            "form": form,
            "changeable": changeable,
        },
    )


def _interview_of(request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int,
                  interview_id: int) -> Interview:  # fmt: skip
    """The lesson's interview note, if she reads the cycle (404 otherwise), and if she may
    change it: its author or a facilitator (403 otherwise)."""
    lesson = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    found = Interview.objects.filter(lesson=lesson, pk=interview_id).select_related("pupil").first()
    if found is None:
        raise Http404
    found.lesson = lesson
    if not (
        request.user.has_perm(CONTRIBUTE, lesson)
        and (found.author_id == request.user.pk or request.user.has_perm(RUN, lesson))
    ):
        raise PermissionDenied
    return found


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(
    request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int, interview_id: int
) -> HttpResponse:
    """Correct an interview note: its author or a facilitator, until the report is published."""
    found = _interview_of(request, cycle_id, lesson_number, interview_id)
    back = redirect("lessonstudy:interviews", cycle_id, lesson_number)
    form = InterviewTextForm(request.POST or None, initial={"text": found.text})
    try:
        if request.method == "POST" and form.is_valid():
            services.interview_update(
                actor=request.user, interview=found, text=form.cleaned_data["text"]
            )
            messages.success(request, _("The interview note is saved."))
            return back
        if request.method == "GET":
            services.interview_change_check(request.user, found)
    except DomainError as exc:
        show_refusal(request, exc)
        return back
    return render(
        request,
        "lessonstudy/interview_edit.html",
        {"cycle": found.lesson.cycle, "lesson": found.lesson, "interview": found, "form": form},
    )


@login_required
@require_POST
def interview_delete(
    request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int, interview_id: int
) -> HttpResponse:
    """Delete an interview note: its author or a facilitator, until the report is published."""
    found = _interview_of(request, cycle_id, lesson_number, interview_id)
    try:
        services.interview_delete(actor=request.user, interview=found)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The interview note is deleted."))
    return redirect("lessonstudy:interviews", cycle_id, lesson_number)


@login_required
@require_http_methods(["GET", "POST"])
def discussion(
    request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int
) -> HttpResponse:
    """Step 6, in Dudley's order: each case pupil stage by stage, predicted beside observed
    (every observer's notes) and what the group concluded; what she said; then the teaching,
    the findings and the changes. The knowledgeable other's comments stand apart."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    material = queries.lesson_material(lesson=found)
    can_run = request.user.has_perm(RUN, found)
    if request.method == "POST":
        check_object_perm(request, RUN, found)
    form = None
    if can_run:
        held = material.discussion
        form = DiscussionForm(
            request.POST or None,
            cells=[cell for block in material.blocks for cell in block.cells],
            initial={
                "held_on": held.held_on if held else None,
                "teaching": held.teaching if held else "",
                "findings": held.findings if held else "",
                "changes": held.changes if held else "",
            },
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.discussion_save(
                actor=request.user,
                lesson=found,
                data=services.DiscussionFields(
                    held_on=data["held_on"],
                    teaching=data["teaching"],
                    findings=data["findings"],
                    changes=data["changes"],
                    points=form.points(),
                ),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The discussion is saved."))
            return redirect("lessonstudy:discussion", found.cycle_id, found.number)
    if form is not None:
        for block in material.blocks:
            for cell in block.cells:
                cell.box = form[f"point-{cell.stage.pk}-{cell.pupil.pk}"]
    is_expert = found.cycle.group.knowledgeable_other_id == request.user.pk
    comments = material.discussion.expert_comments if material.discussion else ""
    return render(
        request,
        "lessonstudy/discussion.html",
        {
            "cycle": found.cycle,
            "lesson": found,
            "material": material,
            "form": form,
            "comments_form": ExpertCommentsForm(initial={"text": comments}) if is_expert else None,
        },
    )


@login_required
@require_POST
def expert_comments(
    request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int
) -> HttpResponse:
    """The knowledgeable other saves her comments on the discussion."""
    found = queries.lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    form = ExpertCommentsForm(request.POST)
    if form.is_valid():
        try:
            services.expert_comments_save(
                actor=request.user, lesson=found, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Your comments are saved."))
    return redirect("lessonstudy:discussion", found.cycle_id, found.number)


# The report -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    """Step 7: draft the report from the cycle, edit it, publish it."""
    found = queries.cycle_get_for_user(cycle_id=cycle_id, user=request.user)
    check_object_perm(request, RUN, found)
    report = Report.objects.filter(cycle=found).first()
    action = request.POST.get("action", "")
    draft_form = ReportDraftForm(
        request.POST if action == "draft" else None,
        initial={"language": found.group.circle.language},
    )
    form = None
    if report is not None:
        form = ReportForm(
            request.POST if action in ("save", "publish") else None,
            initial={"title": report.title, "summary": report.summary, "body": report.body},
        )
    try:
        if action == "draft" and draft_form.is_valid():
            services.report_draft(
                actor=request.user, cycle=found, language=draft_form.cleaned_data["language"]
            )
            messages.success(request, _("The draft is written from the cycle: edit it."))
            return redirect("lessonstudy:report_edit", found.pk)
        if (
            report is not None
            and form is not None
            and action in ("save", "publish")
            and (form.is_valid())
        ):
            data = form.cleaned_data
            if report.status == ReportStatus.DRAFT:
                services.report_update(
                    actor=request.user,
                    report=report,
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                )
            if action == "publish":
                services.report_publish(actor=request.user, report=report)
                messages.success(
                    request,
                    _("The report is published; each participant gets a certificate."),
                )
                return redirect("lessonstudy:cycle_report", report.pk)
            messages.success(request, _("The report is saved."))
            return redirect("lessonstudy:report_edit", found.pk)
    except DomainError as exc:
        show_refusal(request, exc, form or draft_form)
    return render(
        request,
        "lessonstudy/report_edit.html",
        {"cycle": found, "report": report, "form": form, "draft_form": draft_form},
    )


def _sends_report(user: User, report: Report) -> bool:
    """Whether ``user`` sends the report to the journal: one of its group's facilitators. A
    superuser holds every permission, yet is not one of them (decision 0022)."""
    return user.has_perm(RUN, report.cycle) and (
        not user.is_superuser or Cycle.objects.visible_to(user).filter(pk=report.cycle_id).exists()
    )


def _report_page(
    request: HttpRequest, found: Report, form: ReportSubmitForm | None = None
) -> HttpResponse:
    """The report's page. Once published: where it went in the journal (its authors read the
    manuscript's status, as on the manuscript's page; everyone, once it is an article, the
    article's address) or, for the facilitators while the journal's call is open, the form
    that sends it. A fixed number of queries."""
    sent = call = article_url = None
    is_author = False
    if found.status == ReportStatus.PUBLISHED:
        sent = to_journal.report_submission(found)
        if sent is not None and sent.status == JournalStatus.PUBLISHED:
            placement = getattr(sent, "placement", None)
            if placement is not None:
                article_url = reverse(
                    "journal:article",
                    args=(
                        sent.journal.association.slug,
                        placement.issue.year,
                        placement.issue.number,
                        sent.pk,
                    ),
                )
        if request.user.is_authenticated:
            if sent is not None:
                is_author = sent.authors.filter(user_id=request.user.pk).exists()
            elif _sends_report(request.user, found):
                journal = to_journal.journal_of(found)
                call = open_call(journal) if journal is not None else None
    if call is not None and form is None:
        form = ReportSubmitForm(initial=ReportSubmitForm.initial_for(found))
    return render(
        request,
        "lessonstudy/report.html",
        {
            "report": found,
            "cycle": found.cycle,
            "group": found.cycle.group,
            "association": found.cycle.group.association,
            "sent": sent,
            "sent_shown": is_author,
            "article_url": article_url,
            "call": call,
            "submit_form": form if call is not None else None,
        },
    )


@require_safe
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report: public once published (on the association's site), a draft for its group."""
    found = queries.report_get_public(report_id=report_id, user=request.user)
    return _report_page(request, found)


@login_required
@require_POST
def report_submit(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """Send the published report to the association's journal (the group's facilitators)."""
    found = queries.report_get_public(report_id=report_id, user=request.user)
    if not _sends_report(request.user, found):
        raise PermissionDenied
    already = to_journal.report_submission(found)
    if already is not None:
        messages.info(
            request,
            _("The report was sent to the journal already: here is its manuscript."),
        )
        return redirect(
            "journal:submission", slug=already.journal.association.slug, manuscript_id=already.pk
        )
    form = ReportSubmitForm(request.POST)
    if form.is_valid():
        try:
            made = to_journal.report_submit(actor=request.user, report=found, texts=form.texts())
        except DomainError as exc:
            show_refusal(request, exc, form if exc.code == "texts" else None)
        else:
            messages.success(request, _("The report is sent to the journal's editor."))
            return redirect(
                "journal:submission", slug=made.journal.association.slug, manuscript_id=made.pk
            )
    return _report_page(request, found, form)


@require_safe
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponseBase:
    """The published report's PDF (drawn in the background once it is published)."""
    found = queries.report_get_public(report_id=report_id, user=request.user)
    if found.status != ReportStatus.PUBLISHED or not found.pdf:
        messages.info(request, _("The PDF is still being prepared. Try again in a minute."))
        return redirect("lessonstudy:cycle_report", found.pk)
    return file_response(
        request,
        found.pdf.name or "",
        storage=found.pdf.storage,
        download_name=f"lesson-study-{found.pk}.pdf",
    )


def association_section(request: HttpRequest, association: Association) -> SafeString:
    """The part of an association's site about Lesson Study (``networks.sections``): its
    groups by name and their published reports, for everyone; the link to start a group for
    those who run the association. Nothing where there is nothing to show or do."""
    found = queries.association_lesson_study(association=association, user=request.user)
    can_start = request.user.has_perm("networks.change_association", association)
    if not (found.groups or found.reports or can_start):
        return mark_safe("")  # noqa: S308 - a constant empty string
    return render_to_string(
        "lessonstudy/association_section.html",
        {"found": found, "association": association, "can_start": can_start},
        request,
    )


def circle_section(request: HttpRequest, circle: Circle) -> SafeString:
    """The line of a group's circle page (``communities.sections``) that says it is a Lesson
    Study group of its association: with the way to its cycles for those who work in it, to
    the association's site (its published reports) for the others who read the circle.
    Nothing, and no query, for a circle that is not a network's."""
    if circle.kind != CircleKind.NETWORK:
        return mark_safe("")  # noqa: S308 - a constant empty string
    found = Group.objects.filter(pk=circle.pk).select_related("association").first()
    if found is None:
        return mark_safe("")  # noqa: S308 - a constant empty string
    found.circle = circle
    return render_to_string(
        "lessonstudy/circle_section.html",
        {
            "group": found,
            "association": found.association,
            "works_in": request.user.has_perm("lessonstudy.view_cycle", found),
        },
        request,
    )
