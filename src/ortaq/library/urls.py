from django.urls import URLPattern

from ortaq.library import urls_summative

app_name = "library"
urlpatterns: list[URLPattern] = []

# Summative tasks, mark sheets and the rules for marks (views_summative).
urlpatterns += urls_summative.urlpatterns
