from django.urls import path

from ortaq.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.answers, name="answers"),
    path("<int:question_id>/", views.answer, name="answer"),
    path("ask/", views.ask, name="ask"),
    path("mine/", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("questions/<int:question_id>/", views.question, name="question"),
    path("questions/<int:question_id>/close/", views.close, name="close"),
    path("questions/<int:question_id>/unpublish/", views.unpublish, name="unpublish"),
]
