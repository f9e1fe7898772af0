"""Put three or four events of a module in the order they happened.

Graded by ``quizzes.grading.Ordering`` (partial credit for pairs in the right order). Events of
the same year are never asked together, so the order is always decidable.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.visuals import format_event_date
from quizzes import grading

from . import Card, CardType, register, seeded, short_hash

GROUP = 4


def _groups(events):
    """Chunks of up to four events with distinct years; a last chunk of one or two joins none."""
    chunk = []
    for event in events:
        if any(other.date.year == event.date.year for other in chunk):
            continue
        chunk.append(event)
        if len(chunk) == GROUP:
            yield chunk
            chunk = []
    if len(chunk) >= 3:
        yield chunk


@register
class EventOrder(CardType):
    code = "order"
    label = gettext_lazy("Put the events in order")
    template = "practice/cards/order.html"

    def generate(self, data):
        by_module = {}
        for event in data.events:  # already in date order
            by_module.setdefault(data.module_of(event.lesson_ids), []).append(event)
        for module_id, events in by_module.items():
            for chunk in _groups(events):
                keys = [event.key for event in chunk]
                card_id = f"order:{short_hash(*keys)}"
                shown = list(chunk)
                seeded(card_id).shuffle(shown)
                if shown == chunk:  # never show the answer as the starting order
                    shown = shown[1:] + shown[:1]
                answer = "\n".join(
                    f"{format_event_date(e.date, e.precision, e.end_date, e.circa)}: {e.title}"
                    for e in chunk
                )
                yield Card(
                    id=card_id,
                    type=self.code,
                    prompt=_("Put these events in the order they happened, earliest first."),
                    subject=data.modules.get(module_id, ""),
                    answer=answer,
                    requires=tuple(event.lesson_ids for event in chunk),
                    module_id=module_id,
                    data={"items": [(event.key, event.title) for event in shown]},
                    key={"order": keys},
                    lesson=data.lesson_link(chunk[0].lesson_ids),
                )

    def read(self, card, form):
        """The form gives each item its position (1..n): ``pos-<key>``; returns keys in order."""
        positions = {}
        for key, _title in card.data["items"]:
            value = form.get(f"pos-{key}", "").strip()
            if not value:
                return None
            try:
                positions[key] = int(value)
            except ValueError:
                raise grading.InvalidResponse(
                    _("Give every event a different position."), code="not_a_permutation"
                ) from None
        if sorted(positions.values()) != list(range(1, len(positions) + 1)):
            raise grading.InvalidResponse(
                _("Give every event a different position."), code="not_a_permutation"
            )
        return [key for key, _position in sorted(positions.items(), key=lambda kv: kv[1])]

    def grader(self, card):
        return grading.Ordering(card.key["order"])

    def grade(self, card, form):
        if self.read(card, form) is None:
            raise grading.InvalidResponse(
                _("Give every event a position."), code="blank"
            )
        return super().grade(card, form)
