"""Fields of the quiz models translated by modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import QuizPage


@register(QuizPage)
class QuizPageTR(TranslationOptions):
    fields = ("intro",)
