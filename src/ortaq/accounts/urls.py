from django.urls import path

from ortaq.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("me/settings/", views.settings, name="settings"),
    path("me/school/", views.profile_school, name="profile_school"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/delete/", views.account_delete, name="account_delete"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("people/", views.people, name="people"),
    path("people/import/", views.import_teachers, name="import"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("roles/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
]
