"""Fields of lessons and of the course's reference data translated by modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    DataPoint,
    DataSeries,
    Event,
    GlossaryTerm,
    LessonPage,
    Place,
    Route,
    Source,
)


@register(LessonPage)
class LessonPageTR(TranslationOptions):
    fields = ("summary", "objectives", "body", "discussion")


@register(Source)
class SourceTR(TranslationOptions):
    fields = ("title_translated", "note")


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term", "definition")


@register(Place)
class PlaceTR(TranslationOptions):
    fields = ("name", "description")


@register(Route)
class RouteTR(TranslationOptions):
    fields = ("name", "period", "description")


@register(Event)
class EventTR(TranslationOptions):
    fields = ("title", "summary")


@register(DataSeries)
class DataSeriesTR(TranslationOptions):
    fields = ("title", "unit", "note")


@register(DataPoint)
class DataPointTR(TranslationOptions):
    fields = ("label",)
