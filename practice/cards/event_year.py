"""When did this event happen? The student types a year; a period known only roughly (a decade,
a century) accepts any year inside it. Graded by ``quizzes.grading.Numeric``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.visuals import format_event_date
from quizzes import grading

from . import Card, CardType, Graded, ratings_for, register

NEAR_YEARS = 2  # a year this close to an exact date counts as "close": Hard, not Again


@register
class EventYear(CardType):
    code = "year"
    label = gettext_lazy("When did it happen?")
    template = "practice/cards/year.html"

    def generate(self, data):
        for event in data.events:
            start = event.date.year
            end = event.end_date.year if event.end_date else start
            if event.circa and end > start:
                middle, tolerance = (start + end) / 2, (end - start) / 2
                prompt = _("In which years did this happen? Any year inside the period counts.")
            else:
                middle, tolerance = start, 0
                prompt = _("In which year did this happen?")
            yield Card(
                id=f"year:{event.key}",
                type=self.code,
                prompt=prompt,
                subject=event.title,
                answer=format_event_date(event.date, event.precision, event.end_date, event.circa),
                requires=(event.lesson_ids,),
                module_id=data.module_of(event.lesson_ids),
                key={"answer": str(middle), "tolerance": str(tolerance)},
                lesson=data.lesson_link(event.lesson_ids),
            )

    def read(self, card, form):
        return form.get("answer", "").strip()

    def grader(self, card, slack=0):
        tolerance = float(card.key["tolerance"]) + slack
        return grading.Numeric(card.key["answer"], tolerance=str(tolerance))

    def grade(self, card, form) -> Graded:
        response = self.read(card, form)
        if not response:
            raise grading.InvalidResponse(_("Type a year."), code="blank")
        if self.grader(card).grade(response).correct:
            return ratings_for(1)
        if self.grader(card, NEAR_YEARS).grade(response).correct:
            return ratings_for(0.5)
        return ratings_for(0)
