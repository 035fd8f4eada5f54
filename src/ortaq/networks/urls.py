from django.urls import path

from ortaq.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.association, name="association"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/schools/", views.schools, name="schools"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/news/new/", views.news_create, name="news_create"),
    path("<slug:slug>/news/<int:news_id>/", views.news, name="news"),
    path("<slug:slug>/news/<int:news_id>/edit/", views.news_edit, name="news_edit"),
    path("<slug:slug>/news/<int:news_id>/delete/", views.news_delete, name="news_delete"),
]
