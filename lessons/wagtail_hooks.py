"""Admin for the lessons' shared data: one "Course data" menu with a snippet view per model."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DataSeries, Event, GlossaryTerm, Place, Route, Source


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    list_display = ["label", "authors", "year", "key"]
    search_fields = ["label", "authors", "title", "key"]
    ordering = ["label"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    list_display = ["term", "key"]
    search_fields = ["term", "key"]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "time"
    list_display = ["title", "date", "category"]
    list_filter = ["category"]
    search_fields = ["title", "key"]
    ordering = ["date"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["name", "kind", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]


class RouteViewSet(SnippetViewSet):
    model = Route
    icon = "redirect"
    list_display = ["name", "period"]


class DataSeriesViewSet(SnippetViewSet):
    model = DataSeries
    icon = "table"
    list_display = ["title", "unit", "source"]


class CourseDataGroup(SnippetViewSetGroup):
    menu_label = _("Course data")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        SourceViewSet,
        GlossaryTermViewSet,
        EventViewSet,
        PlaceViewSet,
        RouteViewSet,
        DataSeriesViewSet,
    )


register_snippet(CourseDataGroup)
