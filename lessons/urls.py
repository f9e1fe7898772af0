"""Pages of the course's reference material, under /<lang>/ (included before Wagtail's pages)."""

from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("timeline/", views.timeline, name="timeline"),
    path("atlas/", views.atlas, name="atlas"),
    path("glossary/", views.glossary, name="glossary"),
    path("sources/", views.sources, name="sources"),
    path("search/", views.search_page, name="search"),
]
