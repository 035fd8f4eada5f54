"""Consultation pages: ask, my questions, a question's conversation, the methodologists' queue,
and the published answers that everyone reads."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.consultations import queries, services
from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.forms import (
    AnswerForm,
    AnswersSearchForm,
    AskForm,
    PublishForm,
    QueueFilterForm,
)
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal

PAGE_SIZE = 20


@require_perm("consultations.ask")
@require_http_methods(["GET", "POST"])
def ask(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(
                actor=request.user,
                topic=data["topic"],
                title=data["title"],
                body=data["body"],
                client_key=data["client_key"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("Your question is sent to the methodologists of your district.")
            )
            return redirect("consultations:question", question_id=question.pk)
    if not form.is_bound:
        form = AskForm(initial={"client_key": str(uuid.uuid4())})
    return render(request, "consultations/ask.html", {"form": form})


@login_required
@require_safe
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(queries.questions_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "consultations/mine.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def question(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    """The conversation: her question and the answers; methodologists answer and publish here,
    she follows up or closes it."""
    found = queries.question_get_for_user(question_id=question_id, user=request.user)
    user = request.user
    can_reply = user.has_perm("consultations.answer", found) or user.has_perm(
        "consultations.follow_up", found
    )
    can_publish = user.has_perm("consultations.publish", found)
    form = AnswerForm(request.POST if "body" in request.POST else None)
    # "Publish this answer" beside an answer comes back here with ?publish=<its id>.
    publish_form = PublishForm(
        request.POST if "public_title" in request.POST else None,
        question=found,
        chosen_id=request.GET.get("publish", ""),
    )
    if request.method == "POST":
        try:
            if "body" in request.POST and form.is_valid():
                services.answer_add(
                    actor=user,
                    question=found,
                    body=form.cleaned_data["body"],
                    client_key=form.cleaned_data["client_key"],
                )
                messages.success(request, _("Your answer is sent."))
                return redirect("consultations:question", question_id=found.pk)
            if "public_title" in request.POST and publish_form.is_valid():
                data = publish_form.cleaned_data
                services.question_publish(
                    actor=user,
                    question=found,
                    answer=data["answer"],
                    public_title=data["public_title"],
                    public_body=data["public_body"],
                    public_answer=data["public_answer"],
                )
                messages.success(request, _("The question and its answer are published."))
                return redirect("consultations:question", question_id=found.pk)
        except DomainError as exc:
            show_refusal(request, exc)
    if not form.is_bound:
        form = AnswerForm(initial={"client_key": str(uuid.uuid4())})
    return render(
        request,
        "consultations/question.html",
        {
            "question": found,
            "form": form if can_reply else None,
            "publish_form": publish_form if can_publish and found.answered_at else None,
            "can_close": user.has_perm("consultations.close", found),
            "is_asker": found.asker_id == user.pk,
        },
    )


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    found = queries.question_get_for_user(question_id=question_id, user=request.user)
    try:
        services.question_close(actor=request.user, question=found)
        messages.success(request, _("The question is closed."))
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("consultations:question", question_id=found.pk)


@login_required
@require_POST
def unpublish(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    found = queries.question_get_for_user(question_id=question_id, user=request.user)
    try:
        services.question_unpublish(actor=request.user, question=found)
        messages.success(request, _("The question is no longer published."))
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("consultations:question", question_id=found.pk)


@require_perm("consultations.view_queue")
@require_safe
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Questions in her region or district, oldest waiting first."""
    districts = queries.districts_answered(user=request.user)
    form = QueueFilterForm(request.GET or None, districts=districts)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.queue(
        user=request.user,
        status=data.get("status", QuestionStatus.OPEN) if form.is_bound else QuestionStatus.OPEN,
        topic=data.get("topic", ""),
        district_id=data["district"].pk if data.get("district") else None,
        small_scale=True if data.get("small_scale") else None,
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/queue.html",
        {"form": form, "page": page, "open_count": queries.open_count(user=request.user)},
    )


@require_safe
def answers(request: HttpRequest) -> HttpResponse:
    """Answered questions that methodologists published for everyone, anonymised."""
    form = AnswersSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.published(q=data.get("q", ""), topic=data.get("topic", ""))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    waiting = queries.open_count(user=user) if user.has_perm("consultations.view_queue") else None
    return render(
        request, "consultations/answers.html", {"form": form, "page": page, "open_count": waiting}
    )


@require_safe
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    """One published question with its public answer: no asker, no school, nothing of the
    conversation as it was written."""
    found = queries.published_get(question_id=question_id)
    return render(request, "consultations/answer.html", {"question": found})
