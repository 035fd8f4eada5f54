"""The movement's pages and the programme's report, joined into ``textbooks:`` by ``urls``."""

from django.urls import path

from ortaq.textbooks import views_movements as views
from ortaq.textbooks import views_reports

urlpatterns = [
    path("report/", views_reports.report, name="report"),
    path("movements/", views.movement_list, name="movements"),
    path("movements/new/", views.movement_create, name="movement_create"),
    path("movements/<slug:movement>/", views.movement_page, name="movement"),
    path("movements/<slug:movement>/edit/", views.movement_edit, name="movement_edit"),
    path("movements/<slug:movement>/status/", views.movement_status, name="movement_status"),
    path("movements/<slug:movement>/staff/", views.movement_staff, name="movement_staff"),
    path("movements/<slug:movement>/apply/", views.team_apply, name="team_apply"),
    path("movements/<slug:movement>/teams/decide/", views.team_decide, name="team_decide"),
    path(
        "movements/<slug:movement>/teams/<int:team_id>/entries/new/",
        views.entry_create,
        name="entry_create",
    ),
    path("movements/<slug:movement>/entries/", views.entries, name="entries"),
    path("movements/<slug:movement>/entries/<int:entry_id>/", views.entry_page, name="entry"),
    path(
        "movements/<slug:movement>/entries/<int:entry_id>/edit/",
        views.entry_edit,
        name="entry_edit",
    ),
    path(
        "movements/<slug:movement>/entries/<int:entry_id>/moderate/",
        views.entry_moderate,
        name="entry_moderate",
    ),
    path("movements/<slug:movement>/files/<int:media_id>/", views.entry_media, name="entry_media"),
    path("movements/<slug:movement>/collection/", views.collection, name="collection"),
    path("movements/<slug:movement>/anthology.pdf", views.anthology, name="anthology"),
]
