from django.urls import path

from ortaq.events import views

app_name = "events"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("feed.ics", views.feed, name="feed"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.event, name="event"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/questions/", views.questions, name="questions"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/take-seat/", views.take_seat, name="take_seat"),
]
