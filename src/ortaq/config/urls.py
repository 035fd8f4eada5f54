from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from ortaq.api.api import api, unknown_endpoint
from ortaq.core.files import public_media
from ortaq.core.views import healthz
from ortaq.events.views import join

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_endpoint),
    path("admin/", admin.site.urls),
    # Course materials are public by link; private files go through views that check access.
    re_path(r"^media/courses/(?P<path>.+)$", public_media, name="course_media"),
    # A registered person's personal join link (in e-mails, short, in no language).
    path("e/<str:token>", join, name="events_join"),
]
urlpatterns += i18n_patterns(
    path("", include("ortaq.core.urls")),
    path("schools/", include("ortaq.schools.urls")),
    path("courses/", include("ortaq.courses.urls")),
    path("", include("ortaq.communities.urls")),
    path("consultations/", include("ortaq.consultations.urls")),
    path("networks/<slug:slug>/journal/", include("ortaq.journal.urls")),
    path("networks/", include("ortaq.networks.urls")),
    path("lesson-study/", include("ortaq.lessonstudy.urls")),
    path("events/", include("ortaq.events.urls")),
    path("library/", include("ortaq.library.urls")),
    path("textbooks/", include("ortaq.textbooks.urls")),
    path("", include("ortaq.certificates.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("ortaq.accounts.urls")),
    prefix_default_language=True,
)
