from django.urls import path

from ortaq.textbooks import views_books as books
from ortaq.textbooks import views_writing as writing

app_name = "textbooks"
urlpatterns = [
    # The textbooks and their structure (decision 0025).
    path("", books.textbook_list, name="list"),
    path("new/", books.textbook_new, name="textbook_new"),
    # A draft's media for its writers and reviewers (published ones: the pupil's pages).
    path("drafts/media/<int:media_id>/", writing.media_file, name="media_file"),
    path("<slug:book>/", books.textbook, name="textbook"),
    path("<slug:book>/edit/", books.textbook_edit, name="textbook_edit"),
    path("<slug:book>/staff/", books.staff_add, name="staff_add"),
    path("<slug:book>/staff/<int:staff_id>/remove/", books.staff_remove, name="staff_remove"),
    path("<slug:book>/units/", books.unit_add, name="unit_add"),
    path("<slug:book>/units/<int:unit_id>/", books.unit_edit, name="unit_edit"),
    path("<slug:book>/units/<int:unit_id>/move/", books.unit_move, name="unit_move"),
    path("<slug:book>/units/<int:unit_id>/lessons/", books.lesson_add, name="lesson_add"),
    path("<slug:book>/plan/<int:lesson_id>/", books.lesson_plan, name="lesson_plan"),
    path("<slug:book>/plan/<int:lesson_id>/move/", books.lesson_move, name="lesson_move"),
    # Writing a lesson.
    path("<slug:book>/write/<int:lesson_id>/", writing.write, name="write"),
    path("<slug:book>/write/<int:lesson_id>/guide/", writing.guide, name="guide"),
    path("<slug:book>/write/<int:lesson_id>/tasks/new/", writing.task_new, name="task_new"),
    path(
        "<slug:book>/write/<int:lesson_id>/tasks/<int:exercise_id>/",
        writing.task_edit,
        name="task_edit",
    ),
    path(
        "<slug:book>/write/<int:lesson_id>/tasks/<int:exercise_id>/remove/",
        writing.task_remove,
        name="task_remove",
    ),
    path("<slug:book>/write/<int:lesson_id>/media/", writing.media_add, name="media_add"),
    path(
        "<slug:book>/write/<int:lesson_id>/media/<int:media_id>/",
        writing.media_edit,
        name="media_edit",
    ),
    path(
        "<slug:book>/write/<int:lesson_id>/media/<int:media_id>/remove/",
        writing.media_remove,
        name="media_remove",
    ),
]
