from django.urls import path

from ortaq.schools import views

app_name = "schools"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("import/", views.import_schools, name="import"),
    path("<int:school_id>/", views.detail, name="detail"),
    path("<int:school_id>/edit/", views.update, name="update"),
]
