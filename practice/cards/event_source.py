"""Which work of the bibliography tells of this event? Mostly one of the course's two papers.

The right option is the event's main source: of the works it cites, the one the most events cite
(the papers the course is built from). Distractors are other often-cited works the event does not
cite. Graded as a single choice; any work the event cites counts as right.
"""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import Card, ChoiceCardType, choices, register

DISTRACTOR_POOL = 6  # distractors come from the most cited works


@register
class EventSource(ChoiceCardType):
    code = "source"
    label = gettext_lazy("Which work says this?")

    def generate(self, data):
        counts = Counter(source.key for event in data.events for source in event.source_list)
        sources = {source.key: source for event in data.events for source in event.source_list}
        ranked = [sources[key] for key, _n in counts.most_common()]
        for event in data.events:
            if not event.source_list:
                continue
            cited = {source.key for source in event.source_list}
            main = max(event.source_list, key=lambda source: (counts[source.key], source.key))
            others = [s for s in ranked if s.key not in cited][:DISTRACTOR_POOL]
            if not others:
                continue
            card_id = f"{self.code}:{event.key}"
            options = choices(card_id, main, others)
            yield Card(
                id=card_id,
                type=self.code,
                prompt=_("Which work of the bibliography tells of this?"),
                subject=event.title,
                answer=", ".join(source.label for source in event.source_list),
                requires=(event.lesson_ids,),
                module_id=data.module_of(event.lesson_ids),
                data={"options": [(source.key, source.label) for source in options]},
                key={"right": main.key, "cited": sorted(cited)},
                lesson=data.lesson_link(event.lesson_ids),
            )
