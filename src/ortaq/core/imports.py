"""The page behind every CSV import: upload, then every problem with its line, or the result."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ortaq.core.csvimport import ImportRejected, ImportResult
from ortaq.core.errors import DomainError
from ortaq.core.forms import CsvImportForm
from ortaq.core.uploads import read_csv_upload

ERRORS_SHOWN = 500


def csv_import_page(
    request: HttpRequest, *, template: str, run: Callable[[bytes], ImportResult]
) -> HttpResponse:
    """Render ``template`` with the upload form; on POST, ``run`` the import on the file.

    The template receives ``form`` and, after an upload, either ``result`` or ``errors`` (the
    first 500) with ``error_count``.
    """
    form = CsvImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            context["result"] = run(read_csv_upload(form.cleaned_data["file"]))
        except ImportRejected as exc:
            context.update(errors=exc.errors[:ERRORS_SHOWN], error_count=len(exc.errors))
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            context["form"] = CsvImportForm()
    status = 400 if request.method == "POST" and "result" not in context else 200
    return render(request, template, context, status=status)
