from django.urls import path

from ortaq.certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.lookup, name="lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/revoke/", views.revoke, name="revoke"),
    path("me/certificates/", views.mine, name="mine"),
    path("me/certificates/<str:code>.pdf", views.download, name="download"),
]
