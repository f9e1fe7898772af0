"""Which lesson tells of this event? Four lessons to choose from, graded as a single choice."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import Card, ChoiceCardType, choices, register


@register
class EventLesson(ChoiceCardType):
    code = "lesson"
    label = gettext_lazy("Which lesson says this?")

    def generate(self, data):
        lesson_ids = list(data.lessons)
        for event in data.events:
            right = next((pk for pk in lesson_ids if pk in event.lesson_ids), None)
            others = [pk for pk in lesson_ids if pk not in event.lesson_ids]
            if right is None or not others:
                continue
            card_id = f"lesson:{event.key}"
            options = choices(card_id, right, others)
            yield Card(
                id=card_id,
                type=self.code,
                prompt=_("Which lesson tells of this?"),
                subject=event.summary or event.title,
                answer=data.lessons[right].title,
                requires=(event.lesson_ids,),
                module_id=data.module_of(event.lesson_ids),
                data={"options": [(str(pk), data.lessons[pk].title) for pk in options]},
                key={"right": str(right)},
                lesson=data.lesson_link(event.lesson_ids),
            )
