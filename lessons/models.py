"""Lessons and the course's reference data: sources, glossary, and the visual data.

``LessonPage`` is what students read. The snippets below it are data that several lessons share and
instructors edit in one place: the bibliography (``Source``), the glossary (``GlossaryTerm``) and
the material of the timelines, maps and charts (``Event``, ``Place``, ``Route``, ``DataSeries``).
This app imports neither ``course`` nor ``quizzes``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import LessonBodyBlock
from .choices import DATE_PRECISIONS, EVENT_CATEGORIES, PLACE_KINDS
from .search import translated_search_fields


class Source(index.Indexed, models.Model):
    """A work the course cites: one of the two papers or a work they cite.

    Lessons cite it in the text as ``[@key, p. 3]``, rendered "(Label, p. 3)" and linked to the
    lesson's source list, so a citation always resolves to an entry that an instructor can correct.
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    label = models.CharField(_("in-text label"), max_length=120, help_text=_('e.g. "Yilmaz 2026"'))
    authors = models.CharField(_("authors"), max_length=400, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(
        _("original title"), max_length=500, blank=True, help_text=_("In its original language.")
    )
    title_translated = models.CharField(_("translated title"), max_length=500, blank=True)
    publication = models.CharField(_("publication"), max_length=500, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("label"),
        FieldPanel("authors"),
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("title_translated"),
        FieldPanel("publication"),
        FieldPanel("url"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("label", boost=2),
        index.SearchField("authors"),
        index.SearchField("title"),
        index.SearchField("publication"),
        *translated_search_fields("title_translated", "note"),
    ]

    class Meta:
        ordering = ["label"]
        verbose_name = _("source")
        verbose_name_plural = _("bibliography")

    def __str__(self):
        return self.label


class GlossaryTerm(index.Indexed, models.Model):
    """A key term of the course (e.g. "soft power") with its definition in every language.

    Lessons list the terms they use; the glossary page lists every term with those lessons.
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"))

    panels = [FieldPanel("key"), FieldPanel("term"), FieldPanel("definition")]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        *translated_search_fields("term", boost=2),
        *translated_search_fields("definition"),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term


class Place(index.Indexed, models.Model):
    """A place on the course's maps: a city, a region or a site, with its coordinates.

    Events happen at places, routes pass through them, and map-point questions ask for them.
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PLACE_KINDS, default="city")
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], _("Coordinates")),
        FieldPanel("description"),
    ]
    search_fields = [
        *translated_search_fields("name", boost=2),
        *translated_search_fields("description"),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_in_range",
            )
        ]

    def __str__(self):
        return self.name


class Route(ClusterableModel):
    """A path across the map drawn through ordered places, e.g. the Kazakh migration to Istanbul."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    period = models.CharField(_("period"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("period"),
        FieldPanel("description"),
        InlinePanel("points", label=_("Points, in order"), min_num=2),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return self.name


class RoutePoint(Orderable):
    """One stop of a route, in order."""

    route = ParentalKey(Route, on_delete=models.CASCADE, related_name="points")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("place")]

    class Meta(Orderable.Meta):
        verbose_name = _("route point")


class Event(index.Indexed, ClusterableModel):
    """A dated event of the course's history, shown on timelines and linked to places and lessons.

    The date keeps the precision the sources give (a year, a month or a day); ``circa`` marks a
    period known only roughly (e.g. the 10th-11th centuries).
    """

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("date precision"), max_length=5, choices=DATE_PRECISIONS, default="day"
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    circa = models.BooleanField(_("approximate"), default=False)
    category = models.CharField(_("category"), max_length=20, choices=EVENT_CATEGORIES)
    places = ParentalManyToManyField(Place, blank=True, related_name="events")
    lessons = ParentalManyToManyField("lessons.LessonPage", blank=True, related_name="events")
    sources = ParentalManyToManyField(Source, blank=True, related_name="events")

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("precision"),
                FieldPanel("end_date"),
                FieldPanel("circa"),
            ],
            _("When"),
        ),
        FieldPanel("category"),
        FieldPanel("places"),
        FieldPanel("lessons"),
        FieldPanel("sources"),
    ]
    search_fields = [
        *translated_search_fields("title", boost=2),
        *translated_search_fields("summary"),
    ]

    class Meta:
        ordering = ["date", "key"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="event_end_after_start",
            )
        ]

    def __str__(self):
        return self.title


class DataSeries(ClusterableModel):
    """Figures by year from the sources (trade turnover, military aid, ...) for charts."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    unit = models.CharField(_("unit"), max_length=100)
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldPanel("unit"),
        FieldPanel("source"),
        FieldPanel("note"),
        InlinePanel("points", label=_("Data points")),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = _("data series")
        verbose_name_plural = _("data series")

    def __str__(self):
        return self.title


class DataPoint(Orderable):
    """One figure of a data series: a year and a value, with an optional label."""

    series = ParentalKey(DataSeries, on_delete=models.CASCADE, related_name="points")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    label = models.CharField(_("label"), max_length=200, blank=True)

    panels = [FieldPanel("year"), FieldPanel("value"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("data point")


class LessonPage(Page):
    """A lesson: objectives, a body of text and visuals, key terms, discussion and sources.

    Its body is a StreamField of the blocks in ``lessons.blocks``, translated per language.
    """

    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    discussion = models.TextField(
        _("discussion questions"), blank=True, help_text=_("One question per line.")
    )
    minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=15)
    sources = ParentalManyToManyField(Source, blank=True, related_name="lessons")
    key_terms = ParentalManyToManyField(GlossaryTerm, blank=True, related_name="lessons")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("discussion"),
        FieldPanel("minutes"),
        FieldPanel("key_terms"),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        *translated_search_fields("title", boost=2),
        *translated_search_fields("summary", "objectives", "body"),
    ]

    parent_page_types = ["course.ModulePage"]
    subpage_types = []
    cache_for_everyone = True  # the same for every student; per-user parts are slots

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["module"] = self.get_parent()
        context["previous"], context["next"] = selectors.lesson_neighbours(self)
        context["source_labels"] = selectors.source_labels()
        context["content_version"] = selectors.content_version()
        return context
