from django.urls import path

from ortaq.events import views, views_attendance, views_programme

app_name = "events"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("feed.ics", views.feed, name="feed"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.event, name="event"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/questions/", views.questions, name="questions"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/staff/", views.staff_page, name="staff"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/take-seat/", views.take_seat, name="take_seat"),
]

# Attendance, after the event, teams and statistics (views_attendance).
urlpatterns += [
    path("<slug:slug>/my-code/", views_attendance.my_code, name="my_code"),
    path("<slug:slug>/check-in/", views_attendance.checkin, name="checkin"),
    path("<slug:slug>/attendance/", views_attendance.tick_list, name="attendance"),
    path(
        "<slug:slug>/attendance/import/",
        views_attendance.report_import,
        name="attendance_import",
    ),
    path("<slug:slug>/materials/", views_attendance.materials, name="materials"),
    path("<slug:slug>/feedback/", views_attendance.feedback, name="feedback"),
    path("<slug:slug>/recommendations/", views_attendance.outcome, name="outcome"),
    path("<slug:slug>/certificates/", views_attendance.certificates, name="certificates"),
    path("<slug:slug>/teams/", views_attendance.teams_page, name="teams"),
    path("<slug:slug>/statistics/", views_attendance.statistics_page, name="statistics"),
    path("<slug:slug>/statistics.csv", views_attendance.statistics_csv, name="statistics_csv"),
    path("<slug:slug>/statistics.xlsx", views_attendance.statistics_xlsx, name="statistics_xlsx"),
]

# The call for contributions, reviews and the programme (views_programme).
urlpatterns += [
    path("<slug:slug>/call/", views_programme.call, name="call"),
    path("<slug:slug>/submit/", views_programme.submit, name="submit"),
    path("<slug:slug>/contributions/", views_programme.contributions, name="contributions"),
    path(
        "<slug:slug>/contributions/<int:contribution_id>/",
        views_programme.contribution,
        name="contribution",
    ),
    path(
        "<slug:slug>/contributions/<int:contribution_id>/edit/",
        views_programme.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "<slug:slug>/contributions/<int:contribution_id>/withdraw/",
        views_programme.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path(
        "<slug:slug>/contributions/<int:contribution_id>/decide/",
        views_programme.contribution_decide,
        name="contribution_decide",
    ),
    path(
        "<slug:slug>/contributions/<int:contribution_id>/reviewers/",
        views_programme.reviewer_assign,
        name="reviewer_assign",
    ),
    path("<slug:slug>/reviews/", views_programme.reviews, name="reviews"),
    path("<slug:slug>/reviews/<int:review_id>/", views_programme.review, name="review"),
    path("<slug:slug>/programme/", views_programme.programme, name="programme"),
    path("<slug:slug>/programme.pdf", views_programme.programme_pdf, name="programme_pdf"),
    path("<slug:slug>/abstracts.pdf", views_programme.abstracts_pdf, name="abstracts_pdf"),
    path("<slug:slug>/sessions/", views_programme.sessions, name="sessions"),
    path(
        "<slug:slug>/sessions/<int:session_id>/place/",
        views_programme.session_place,
        name="session_place",
    ),
    path(
        "<slug:slug>/sessions/<int:session_id>/chairs/",
        views_programme.session_chair,
        name="session_chair",
    ),
    path(
        "<slug:slug>/sessions/<int:session_id>/delete/",
        views_programme.session_delete,
        name="session_delete",
    ),
]
