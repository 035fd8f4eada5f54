"""The pages of a textbook's structure: the list of textbooks, a textbook's page (its units
and lessons, with each lesson's status for its staff), starting and changing a textbook, its
staff, its units and lessons, and whom each lesson is commissioned from."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, carry_out, show_refusal
from ortaq.textbooks import queries
from ortaq.textbooks.forms_writing import (
    CommissionForm,
    LessonAddForm,
    StaffForm,
    TextbookForm,
    UnitForm,
)
from ortaq.textbooks.models import GRADES, Staff, Textbook
from ortaq.textbooks.services import books as services

CHANGE = "textbooks.change_textbook"


@require_safe
def textbook_list(request: HttpRequest) -> HttpResponse:
    """The textbooks open to readers (and the drafts of her own), by grade and language."""
    raw_grade = request.GET.get("grade", "")
    grade = int(raw_grade) if raw_grade.isdigit() and 1 <= int(raw_grade) <= 11 else None
    language = request.GET.get("language", "")
    language = language if language in ("kk", "ru") else ""
    return render(
        request,
        "textbooks/list.html",
        {
            "textbooks": list(
                queries.textbooks_listed(request.user, grade=grade, language=language)
            ),
            "grades": GRADES,
            "grade": grade,
            "language": language,
            "may_create": request.user.has_perm("textbooks.create_textbook"),
        },
    )


@require_safe
def textbook(request: HttpRequest, book: str) -> HttpResponse:
    """A textbook: its units and lessons (the published ones linked for everyone; every
    lesson's status and writer for its staff), its translations and, for its coordinators, the
    forms that change it."""
    found = queries.textbook_get(request.user, book)
    may_change = request.user.has_perm(CHANGE, found)
    staff = queries.staff_of(found) if may_change else []
    return render(
        request,
        "textbooks/textbook.html",
        {
            "textbook": found,
            "units": queries.outline(found, request.user),
            "translations": queries.translations_of(found, request.user),
            "sees_status": request.user.has_perm("textbooks.see_status", found),
            "may_change": may_change,
            "staff": staff,
            "kept": queries.staff_kept(staff),
            "staff_form": StaffForm(prefix="staff") if may_change else None,
            "unit_form": UnitForm(prefix="unit") if may_change else None,
            "lesson_form": LessonAddForm(prefix="lesson") if may_change else None,
        },
    )


def _textbook_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> TextbookForm:
    return TextbookForm(
        data,
        associations=queries.associations_offered(request.user),
        association_required=not queries.founds_without_association(request.user),
        **kwargs,
    )


@require_perm("textbooks.create_textbook")
@require_http_methods(["GET", "POST"])
def textbook_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a textbook, or a translation of one (``?translation_of=<slug>``)."""
    original = None
    source = request.GET.get("translation_of") or request.POST.get("translation_of", "")
    if source:
        original = queries.textbook_get(request.user, source)
        if not request.user.has_perm(CHANGE, original):
            raise PermissionDenied
    initial = {"language": "kk", "grade_from": 5, "grade_to": 5}
    if original is not None:
        initial = {
            "language": "ru" if original.language == "kk" else "kk",
            "grade_from": original.grade_from,
            "grade_to": original.grade_to,
            "association": original.association_id,
        }
    form = _textbook_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.textbook_create(
                actor=request.user, about=form.about(), translation_of=original
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The textbook is started. Plan its units and lessons."))
            return redirect("textbooks:textbook", book=made.slug)
    return render(
        request, "textbooks/textbook_form.html", {"form": form, "original": original, "new": True}
    )


def _changed(request: HttpRequest, book: str) -> Textbook:
    found = queries.textbook_get(request.user, book)
    if not request.user.has_perm(CHANGE, found):
        raise PermissionDenied
    return found


@login_required
@require_http_methods(["GET", "POST"])
def textbook_edit(request: AuthenticatedHttpRequest, book: str) -> HttpResponse:
    found = _changed(request, book)
    form = _textbook_form(
        request,
        request.POST or None,
        editing=True,
        initial={
            "title": found.title,
            "grade_from": found.grade_from,
            "grade_to": found.grade_to,
            "description": found.description,
            "association": found.association_id,
            "is_published": found.is_published,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and carry_out(
            request,
            lambda: services.textbook_update(
                actor=request.user, textbook=found, about=form.about(found.language)
            ),
            done=_("The textbook is saved."),
            form=form,
        )
    ):
        return redirect("textbooks:textbook", book=found.slug)
    return render(
        request, "textbooks/textbook_form.html", {"form": form, "textbook": found, "new": False}
    )


@login_required
@require_POST
def staff_add(request: AuthenticatedHttpRequest, book: str) -> HttpResponse:
    found = _changed(request, book)
    form = StaffForm(request.POST, prefix="staff")
    if form.is_valid():
        carry_out(
            request,
            lambda: services.staff_add(
                actor=request.user,
                textbook=found,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            ),
            done=_("Added to the textbook's staff."),
        )
    else:
        messages.error(request, _("Give an e-mail address and a role."))
    return redirect("textbooks:textbook", book=found.slug)


@login_required
@require_POST
def staff_remove(request: AuthenticatedHttpRequest, book: str, staff_id: int) -> HttpResponse:
    found = _changed(request, book)
    staff = get_object_or_404(Staff, pk=staff_id, textbook=found)
    staff.textbook = found
    carry_out(
        request,
        lambda: services.staff_remove(actor=request.user, staff=staff),
        done=_("Taken off the textbook's staff."),
    )
    return redirect("textbooks:textbook", book=found.slug)


@login_required
@require_POST
def unit_add(request: AuthenticatedHttpRequest, book: str) -> HttpResponse:
    found = _changed(request, book)
    form = UnitForm(request.POST, prefix="unit")
    if form.is_valid():
        carry_out(
            request,
            lambda: services.unit_add(
                actor=request.user,
                textbook=found,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            ),
            done=_("The unit is added."),
        )
    else:
        messages.error(request, _("Give the unit a title."))
    return redirect("textbooks:textbook", book=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedHttpRequest, book: str, unit_id: int) -> HttpResponse:
    found = _changed(request, book)
    unit = queries.unit_get(found, unit_id)
    form = UnitForm(
        request.POST or None, initial={"title": unit.title, "description": unit.description}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and carry_out(
            request,
            lambda: services.unit_update(
                actor=request.user,
                unit=unit,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            ),
            done=_("The unit is saved."),
            form=form,
        )
    ):
        return redirect("textbooks:textbook", book=found.slug)
    return render(
        request, "textbooks/unit_form.html", {"form": form, "textbook": found, "unit": unit}
    )


@login_required
@require_POST
def unit_move(request: AuthenticatedHttpRequest, book: str, unit_id: int) -> HttpResponse:
    found = _changed(request, book)
    unit = queries.unit_get(found, unit_id)
    services.unit_move(actor=request.user, unit=unit, up=request.POST.get("to") == "up")
    return redirect(reverse("textbooks:textbook", args=[found.slug]) + f"#unit-{unit.pk}")


@login_required
@require_POST
def lesson_add(request: AuthenticatedHttpRequest, book: str, unit_id: int) -> HttpResponse:
    found = _changed(request, book)
    unit = queries.unit_get(found, unit_id)
    form = LessonAddForm(request.POST, prefix="lesson")
    if form.is_valid():
        try:
            made = services.lesson_add(
                actor=request.user, unit=unit, title=form.cleaned_data["title"]
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The lesson is planned. Commission it from its writer."))
            return redirect("textbooks:lesson_plan", book=found.slug, lesson_id=made.pk)
    else:
        messages.error(request, _("Give the lesson a planned title."))
    return redirect("textbooks:textbook", book=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_plan(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    """A lesson's planned title, and whom it is commissioned from, by when."""
    found = _changed(request, book)
    lesson = queries.lesson_get(found, lesson_id)
    form = CommissionForm(
        request.POST or None,
        schools=queries.schools_offered(found, request.user),
        initial={
            "title": lesson.title,
            "teacher_email": lesson.commissioned_teacher.email
            if lesson.commissioned_teacher
            else "",
            "school": lesson.commissioned_school_id,
            "due_on": lesson.due_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and carry_out(
            request,
            lambda: services.lesson_commission(
                actor=request.user, lesson=lesson, commission=form.commission()
            ),
            done=_("The lesson is saved."),
            form=form,
        )
    ):
        return redirect("textbooks:textbook", book=found.slug)
    return render(
        request,
        "textbooks/lesson_plan.html",
        {"form": form, "textbook": found, "lesson": lesson},
    )


@login_required
@require_POST
def lesson_move(request: AuthenticatedHttpRequest, book: str, lesson_id: int) -> HttpResponse:
    found = _changed(request, book)
    lesson = queries.lesson_get(found, lesson_id)
    services.lesson_move(actor=request.user, lesson=lesson, up=request.POST.get("to") == "up")
    return redirect(reverse("textbooks:textbook", args=[found.slug]) + f"#lesson-{lesson.pk}")
