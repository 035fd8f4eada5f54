"""The observer's page during a research lesson: her notes on each case pupil in each stage of
the plan, on a phone.

Without JavaScript it is a plain form: each note is sent as she writes it, with an id the page
made (``client_id``), so that a form sent twice stores one note. With JavaScript
(``lessonstudy/observe.js``) the notes are kept on the device first and sent to the API in
batches whenever the connection allows: the page keeps working when the connection drops in the
middle of the lesson, and each note is stored once however often it is sent.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.lessonstudy.forms_observation import NoteForm
from ortaq.lessonstudy.queries.observation import lesson_get_for_user, observation_sheet
from ortaq.lessonstudy.services.observation import NoteIn, notes_record, report_published

# The notes' times on the device, in the page's language, as the server writes them
# (SHORT_DATETIME_FORMAT): only these letters of Django's date format are used.
JS_FORMAT_LETTERS = set("dmYHi")


@login_required
@require_http_methods(["GET", "POST"])
def observe(request: AuthenticatedHttpRequest, cycle_id: int, lesson_number: int) -> HttpResponse:
    """Write notes during the research lesson ``lesson_number`` of the cycle, and read her own."""
    lesson = lesson_get_for_user(cycle_id=cycle_id, number=lesson_number, user=request.user)
    check_object_perm(request, "lessonstudy.contribute", lesson)
    sheet = observation_sheet(lesson=lesson, observer=request.user)
    writable = not report_published(lesson) and bool(sheet.stages and sheet.pupils)
    here = reverse(
        "lessonstudy:observe", kwargs={"cycle_id": cycle_id, "lesson_number": lesson_number}
    )
    stage = request.GET.get("stage", "")
    initial = {"client_id": uuid.uuid4(), "stage": stage if stage.isdigit() else None}
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        stages=sheet.stages,
        pupils=sheet.pupils,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = notes_record(
                actor=request.user,
                lesson=lesson,
                notes=[
                    NoteIn(
                        client_id=data["client_id"],
                        pupil_id=data["pupil"],
                        stage_id=data["stage"],
                        text=data["text"],
                        written_at=timezone.now(),
                    )
                ],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request,
                _("The note is saved.") if done.created else _("This note was already saved."),
            )
            # The next note is most likely of the same stage: keep it chosen.
            return redirect(f"{here}?stage={data['stage']}#note-form")
    date_format = formats.get_format("SHORT_DATETIME_FORMAT")
    return render(
        request,
        "lessonstudy/observe.html",
        {
            "lesson": lesson,
            "cycle": lesson.cycle,
            "sheet": sheet,
            "form": form,
            "writable": writable,
            "published": report_published(lesson),
            "api_url": reverse("api:lessonstudy_notes_record", kwargs={"lesson_id": lesson.pk}),
            "storage_key": f"ortaq-notes-{request.user.pk}-{lesson.pk}",
            "date_format": date_format
            if set(date_format) - set(" ./:-") <= JS_FORMAT_LETTERS
            else "d.m.Y H:i",
        },
    )
