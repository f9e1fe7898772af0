"""What an editor can put in a lesson body.

Each block has an icon, a template and a docstring (Wagtail bakerydemo's convention). Citations are
written in text as ``[@key]`` or ``[@key, p. 3]`` and rendered by the ``cite`` filter, so editors
cite with the same syntax as the content files.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import CHART_KINDS, EVENT_CATEGORIES, HEADING_LEVELS


# Block previews in the admin's block picker show real course data when there is some.
def _preview_map(*_args):
    from .models import Place, Route

    return {
        "title": _("Places and a route of the course"),
        "places": list(Place.objects.filter(kind="city")[:6]),
        "routes": list(Route.objects.all()[:1]),
    }


def _preview_chart(*_args):
    from .models import DataSeries

    return {"title": "", "series": list(DataSeries.objects.all()[:1]), "kind": "bar"}


TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the lesson title is the page's only h1."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2", label=_("level"))

    class Meta:
        icon = "title"
        template = "lessons/blocks/heading.html"
        label = _("Heading")
        description = _("A section heading of the lesson.")
        preview_value = {"text": _("Recognition and first agreements"), "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Running text. Cite with [@key] or [@key, p. 3]."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "lessons/blocks/paragraph.html"
        label = _("Paragraph")
        description = _("Running text; cite sources as [@key] or [@key, p. 3].")
        preview_value = _("<p>Turkey was the first state to recognise independence.</p>")


class QuoteBlock(blocks.StructBlock):
    """A short quotation, always with its citation: the only place where a source's words appear."""

    text = blocks.TextBlock(label=_("quotation"))
    citation = blocks.CharBlock(label=_("citation"), help_text=_("e.g. [@nazarbayev2017, p. 12]"))

    class Meta:
        icon = "openquote"
        template = "lessons/blocks/quote.html"
        label = _("Quotation")
        description = _("A short quotation with its citation.")
        preview_value = {"text": _("A short quotation."), "citation": "[@nazarbayev2017]"}


class NoteBlock(blocks.StructBlock):
    """A callout: where the sources disagree, a caveat, or a reminder."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "lessons/blocks/note.html"
        label = _("Note")
        description = _("A callout, e.g. where the sources disagree.")
        preview_value = {
            "title": _("The sources disagree"),
            "body": _("<p>One paper dates the visit to 1991, the other to 1993.</p>"),
        }


class TimelineBlock(blocks.StructBlock):
    """A timeline of events: hand-picked, or every event in a period and/or categories."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    events = blocks.ListBlock(
        SnippetChooserBlock("lessons.Event"), label=_("hand-picked events"), default=[]
    )
    categories = blocks.MultipleChoiceBlock(
        choices=EVENT_CATEGORIES, required=False, label=_("categories")
    )
    start_year = blocks.IntegerBlock(label=_("from year"), required=False)
    end_year = blocks.IntegerBlock(label=_("to year"), required=False)

    def get_context(self, value, parent_context=None):
        from . import rendering, selectors

        context = super().get_context(value, parent_context=parent_context)
        picked = [event.pk for event in value.get("events") or [] if event is not None]
        events = selectors.timeline_events(
            event_ids=picked,
            categories=list(value.get("categories") or []),
            start_year=value.get("start_year"),
            end_year=value.get("end_year"),
        )
        context["items"] = rendering.timeline_items(events)
        context["timeline_id"] = rendering.short_id("timeline", [e.key for e in events])
        context["timeline"] = rendering.timeline_context(
            context["items"], categories=list(value.get("categories") or [])
        )
        return context

    class Meta:
        icon = "time"
        template = "lessons/blocks/timeline.html"
        label = _("Timeline")
        description = _(
            "Events drawn on a zoomable time axis, with the list one click away: hand-picked, "
            "or by period and category."
        )
        preview_value = {"title": "", "start_year": 1991, "end_year": 1992, "categories": []}


class MapBlock(blocks.StructBlock):
    """A map of places and routes; the initial view fits what it shows."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    places = blocks.ListBlock(SnippetChooserBlock("lessons.Place"), label=_("places"), default=[])
    routes = blocks.ListBlock(SnippetChooserBlock("lessons.Route"), label=_("routes"), default=[])
    period_slider = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("period slider"),
        help_text=_(
            "Let readers choose years: places and routes show for the years of their events, "
            "with the historical borders of the time."
        ),
    )

    def get_context(self, value, parent_context=None):
        from . import rendering, selectors

        context = super().get_context(value, parent_context=parent_context)
        data = selectors.map_data(
            place_ids=[p.pk for p in value.get("places") or [] if p is not None],
            route_ids=[r.pk for r in value.get("routes") or [] if r is not None],
        )
        context["map"] = rendering.map_context(data)
        if value.get("period_slider"):
            context["time"] = rendering.atlas_time_context(context["map"], data, None, None)
        return context

    class Meta:
        icon = "site"
        template = "lessons/blocks/map.html"
        label = _("Map")
        description = _("A map of places and routes, with the list of places under it.")
        preview_value = _preview_map


class ChartBlock(blocks.StructBlock):
    """A chart of one or more data series, with the numbers as a table beside it."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    series = blocks.ListBlock(
        SnippetChooserBlock("lessons.DataSeries"), label=_("data series"), min_num=1
    )
    kind = blocks.ChoiceBlock(choices=CHART_KINDS, default="bar", label=_("kind"))

    def get_context(self, value, parent_context=None):
        from . import rendering, selectors

        context = super().get_context(value, parent_context=parent_context)
        series = selectors.chart_series([s.pk for s in value.get("series") or [] if s is not None])
        context["chart"] = rendering.chart_context(series, value.get("kind") or "bar")
        return context

    class Meta:
        icon = "table"
        template = "lessons/blocks/chart.html"
        label = _("Chart")
        description = _("A bar or line chart of data series, with the figures as a table.")
        preview_value = _preview_chart


class CaptionedImageBlock(blocks.StructBlock):
    """An image (photo, drawing, historical map) with a caption and its credit."""

    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=300)
    alt = blocks.CharBlock(label=_("text alternative"), max_length=300)
    credit = blocks.CharBlock(label=_("credit"), max_length=300)

    class Meta:
        icon = "image"
        template = "lessons/blocks/image.html"
        label = _("Image")
        description = _("A photo, drawing or historical map with its caption and credit.")


class LessonBodyBlock(blocks.StreamBlock):
    """The lesson body: text, quotations, notes and visuals."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    note = NoteBlock()
    timeline = TimelineBlock()
    map = MapBlock()
    chart = ChartBlock()
    image = CaptionedImageBlock()
