from django.urls import URLPattern, path

from ortaq.lessonstudy.views import reports

app_name = "lessonstudy"
urlpatterns: list[URLPattern] = [
    path("report/", reports.report, name="report"),
    # The group and its cycles' steps (views.cycles).
    # The observer's page during a research lesson (views.observation).
]
