from django.urls import path

from ortaq.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings, name="settings"),
    path("submit/", views.submit, name="submit"),
    path("submissions/<int:manuscript_id>/", views.submission, name="submission"),
    path(
        "submissions/<int:manuscript_id>/review/<str:review_token>/",
        views.review_link,
        name="review_link",
    ),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("desk/", views.desk, name="desk"),
    path("desk/<int:manuscript_id>/", views.desk_submission, name="desk_submission"),
    path("desk/issues/<int:issue_id>/", views.desk_issue, name="desk_issue"),
    path("<int:issue_year>/<int:issue_number>/", views.issue, name="issue"),
    path("<int:issue_year>/<int:issue_number>/pdf/", views.issue_pdf, name="issue_pdf"),
    path("<int:issue_year>/<int:issue_number>/<int:article_id>/", views.article, name="article"),
    path(
        "<int:issue_year>/<int:issue_number>/<int:article_id>/v<int:version_number>/",
        views.article,
        name="article_version",
    ),
]
