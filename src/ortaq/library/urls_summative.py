"""The summative tasks' and mark sheets' addresses (``views_summative``), included by the
library's ``urls.py``."""

from django.urls import path

from ortaq.library import views_summative as views

VERSION = "r/<int:resource_id>/v/<int:version_number>/"

urlpatterns = [
    path(f"{VERSION}tasks/", views.tasks, name="summative_tasks"),
    path(f"{VERSION}tasks/new/", views.task_add, name="summative_task_add"),
    path(f"{VERSION}tasks/<int:task_number>/", views.task_edit, name="summative_task_edit"),
    path(
        f"{VERSION}tasks/<int:task_number>/delete/",
        views.task_delete,
        name="summative_task_delete",
    ),
    path(f"{VERSION}tasks/pupils.pdf", views.pupils_pdf, name="summative_pupils_pdf"),
    path(f"{VERSION}tasks/teacher.pdf", views.teacher_pdf, name="summative_teacher_pdf"),
    path(f"{VERSION}mark-sheets/new/", views.sheet_create, name="mark_sheet_create"),
    path("mark-sheets/", views.sheets, name="mark_sheets"),
    path("mark-sheets/<int:sheet_id>/", views.sheet, name="mark_sheet"),
    path("mark-sheets/<int:sheet_id>/class/", views.sheet_edit, name="mark_sheet_edit"),
    path("mark-sheets/<int:sheet_id>/delete/", views.sheet_delete, name="mark_sheet_delete"),
    path("mark-sheets/<int:sheet_id>/sheet.pdf", views.sheet_pdf, name="mark_sheet_pdf"),
    path("mark-sheets/<int:sheet_id>/sheet.csv", views.sheet_csv, name="mark_sheet_csv"),
    path("mark-sheets/<int:sheet_id>/sheet.xlsx", views.sheet_xlsx, name="mark_sheet_xlsx"),
    path("mark-rules/", views.mark_rules, name="mark_rules"),
]
