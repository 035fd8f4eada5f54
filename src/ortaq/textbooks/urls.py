from django.urls import URLPattern

app_name = "textbooks"
urlpatterns: list[URLPattern] = []
