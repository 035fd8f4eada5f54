from django.urls import URLPattern

app_name = "lessonstudy"
urlpatterns: list[URLPattern] = [
    # The group and its cycles' steps (views.cycles).
    # The observer's page during a research lesson (views.observation).
]
