"""The site's URLs plus /bench/bare/: a view that does nothing, the benchmark's yardstick."""

from django.http import HttpResponse
from django.urls import path

from course.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
