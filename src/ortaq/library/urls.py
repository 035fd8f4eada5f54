from django.urls import URLPattern, path

from ortaq.library import views_catalogue, views_reports

app_name = "library"
urlpatterns: list[URLPattern] = [
    # Finding things and the report (views_catalogue, views_reports).
    path("", views_catalogue.catalogue_page, name="catalogue"),
    path("report/", views_reports.report, name="report"),
]
