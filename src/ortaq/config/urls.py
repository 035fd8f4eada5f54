from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from ortaq.api.api import api, unknown_endpoint
from ortaq.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_endpoint),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("ortaq.core.urls")),
    path("schools/", include("ortaq.schools.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("ortaq.accounts.urls")),
    prefix_default_language=True,
)
if settings.DEBUG:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
