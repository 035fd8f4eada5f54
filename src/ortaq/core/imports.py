"""The page behind every CSV import: upload, then the import's job page (``ortaq.core.jobs``)."""

from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.forms import CsvImportForm
from ortaq.core.jobs import jobs_of
from ortaq.core.models import Job, JobKind


def csv_import_page(
    request: HttpRequest,
    *,
    template: str,
    kind: JobKind,
    start: Callable[[UploadedFile[bytes]], Job],
) -> HttpResponse:
    """Render ``template`` with the upload form and her recent imports of ``kind``; on POST,
    ``start`` the import as a job (type and size checked) and go to the job's page, which shows
    its progress and then its result or every problem with its line.
    """
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start(form.cleaned_data["file"])
        except DomainError as exc:
            if exc.status == 403:
                show_refusal(request, exc)
            form.add_error("file", exc.message)
        else:
            return redirect("core:job", job_id=job.pk)
    recent = [job for job in jobs_of(request.user) if job.kind == kind][:5]
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "recent_jobs": recent}, status=status)
