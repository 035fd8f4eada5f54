from django.urls import path

from ortaq.events import views

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
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/take-seat/", views.take_seat, name="take_seat"),
]

# --- Attendance, after the event, teams and statistics (views_attendance) ------------------
from ortaq.events import views_attendance  # noqa: E402

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
