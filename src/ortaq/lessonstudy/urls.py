from django.urls import URLPattern, path

from ortaq.lessonstudy.views import observation, reports

app_name = "lessonstudy"
urlpatterns: list[URLPattern] = [
    path("report/", reports.report, name="report"),
    # The group and its cycles' steps (views.cycles).
    # The observer's page during a research lesson (views.observation).
    path(
        "cycles/<int:cycle_id>/lessons/<int:number>/observe/",
        observation.observe,
        name="observe",
    ),
]
