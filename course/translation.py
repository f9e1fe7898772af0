"""Fields of the course pages translated by modeltranslation (one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CoursePage,
    LearningOutcome,
    ModulePage,
    ReadingPage,
    SyllabusPage,
    SyllabusWeek,
)


@register(CoursePage)
class CoursePageTR(TranslationOptions):
    fields = ("intro",)


@register(ModulePage)
class ModulePageTR(TranslationOptions):
    fields = ("intro",)


@register(ReadingPage)
class ReadingPageTR(TranslationOptions):
    fields = ("summary", "body")


@register(SyllabusPage)
class SyllabusPageTR(TranslationOptions):
    fields = ("intro", "seminar_guide")


@register(SyllabusWeek)
class SyllabusWeekTR(TranslationOptions):
    fields = ("title", "reading", "seminar")


@register(LearningOutcome)
class LearningOutcomeTR(TranslationOptions):
    fields = ("text",)
