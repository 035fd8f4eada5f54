from django.urls import URLPattern

from ortaq.textbooks.urls_movements import urlpatterns as movement_urls

app_name = "textbooks"
urlpatterns: list[URLPattern] = [*movement_urls]
