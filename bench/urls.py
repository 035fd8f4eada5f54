"""The site's addresses and a bare view (``bench.settings``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ortaq.config.urls import urlpatterns as site


def bare(request: HttpRequest) -> HttpResponse:
    """What Django costs at the least: no session, no query, no template."""
    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


urlpatterns = [path("bench/bare/", bare), *site]
