"""Fields of the course pages translated by modeltranslation (one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from .models import CoursePage, ModulePage, ReadingPage


@register(CoursePage)
class CoursePageTR(TranslationOptions):
    fields = ("intro",)


@register(ModulePage)
class ModulePageTR(TranslationOptions):
    fields = ("intro",)


@register(ReadingPage)
class ReadingPageTR(TranslationOptions):
    fields = ("summary", "body")
