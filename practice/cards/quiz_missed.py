"""A quiz question the student got wrong and added to their deck: they recall the answer, see it
and rate themselves. Built from the question bank (``quizzes.selectors.right_answer``), only once
the quiz's review options show the right answer (``practice.selectors.missed_questions``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.selectors import right_answer

from . import Card, CardType, register

PREFIX = "missed:"


def question_id(card_id: str) -> int | None:
    if card_id.startswith(PREFIX) and card_id[len(PREFIX) :].isdigit():
        return int(card_id[len(PREFIX) :])
    return None


@register
class QuizMissed(CardType):
    code = "missed"
    label = gettext_lazy("A question you missed")
    template = "practice/cards/missed.html"
    self_rated = True

    def generate(self, data):
        return ()  # these cards come from the student's own quiz answers, not the course data

    def build(self, question, language: str, data) -> Card:
        lesson_ids = frozenset([question.lesson_id]) if question.lesson_id else frozenset()
        answer = "; ".join(right_answer(question, language))
        if question.feedback:
            answer = f"{answer}\n{question.feedback}" if answer else question.feedback
        return Card(
            id=f"{PREFIX}{question.pk}",
            type=self.code,
            prompt=_("Recall the answer to this quiz question, then show it."),
            subject=question.text,
            answer=answer,
            module_id=data.module_of(lesson_ids),
            lesson=data.lesson_link(lesson_ids),
        )
