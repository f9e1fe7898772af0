"""Fields of the quiz models translated by modeltranslation (one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from .models import MatchingPair, Question, QuestionCategory, QuestionOption, QuizPage


@register(QuizPage)
class QuizPageTR(TranslationOptions):
    fields = ("intro",)


@register(QuestionCategory)
class QuestionCategoryTR(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTR(TranslationOptions):
    fields = ("text", "feedback", "unit", "rubric")


@register(QuestionOption)
class QuestionOptionTR(TranslationOptions):
    fields = ("text", "feedback")


@register(MatchingPair)
class MatchingPairTR(TranslationOptions):
    fields = ("left", "right")
