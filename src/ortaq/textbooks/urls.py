from django.urls import URLPattern, path

from ortaq.textbooks import views_pupil
from ortaq.textbooks.urls_movements import urlpatterns as movement_urls

app_name = "textbooks"
# What a pupil and her teacher use (views_pupil). These come before any ``<slug:slug>/``
# pattern: "class" and "sessions" would otherwise be read as a textbook's address.
# The project movements and the report (urls_movements) first, then what pupils use.
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
]
