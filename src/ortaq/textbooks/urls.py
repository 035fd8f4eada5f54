from django.urls import URLPattern, path

from ortaq.textbooks import views_books as books
from ortaq.textbooks import views_pupil
from ortaq.textbooks import views_writing as writing
from ortaq.textbooks.urls_movements import urlpatterns as movement_urls

app_name = "textbooks"
# The project movements and the report (urls_movements) first, then what a pupil and her
# teacher use (views_pupil), then the textbooks (views_books, views_writing): "movements",
# "class" and "sessions" would otherwise be read as a textbook's address.
urlpatterns: list[URLPattern] = [
    *movement_urls,
    path("sw.js", views_pupil.service_worker, name="service_worker"),
    path("class/", views_pupil.class_join, name="class_join"),
    path("class/answer/", views_pupil.class_answer, name="class_answer"),
    path("sessions/<str:code>/", views_pupil.session, name="session"),
    path("sessions/<str:code>/close/", views_pupil.session_close, name="session_close"),
    path("media/<int:media_id>/", views_pupil.media, name="media"),
    path(
        "media/<int:media_id>/captions/",
        views_pupil.media,
        {"part": "captions"},
        name="media_captions",
    ),
    path("<slug:slug>/lessons/<int:lesson_id>/", views_pupil.lesson, name="lesson"),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/session/",
        views_pupil.session_create,
        name="session_create",
    ),
    path("<slug:slug>/units/<int:unit_id>/pack.zip", views_pupil.unit_pack, name="unit_pack"),
    path("<slug:slug>/units/<int:unit_id>/print.pdf", views_pupil.unit_print, name="unit_print"),
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
