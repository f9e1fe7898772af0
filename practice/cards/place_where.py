"""Where is this place? The student clicks the map or picks one of four numbered pins.

The map is the quizzes' clickable map (``quizzes.maps``: the lessons' basemap and projection);
the answer is graded by ``quizzes.grading.MapPoint`` within ``RADIUS_KM``. Pins are at least
``SPREAD_KM`` apart, so exactly one of them is right.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading, maps

from . import Card, CardType, register, seeded

RADIUS_KM = 250.0
SPREAD_KM = 600.0
PINS = 4


def _on_map(geo, place) -> bool:
    return (
        geo["west"] <= place.longitude <= geo["east"]
        and geo["south"] <= place.latitude <= geo["north"]
    )


@register
class PlaceWhere(CardType):
    code = "place"
    label = gettext_lazy("Where is it?")
    template = "practice/cards/place.html"

    def generate(self, data):
        geo = maps.quiz_map()
        places = [place for place in data.places if _on_map(geo, place)]
        lessons_of = {}
        for event in data.events:
            for place in event.place_list:
                lessons_of.setdefault(place.pk, set()).update(event.lesson_ids)
        for place in places:
            lesson_ids = frozenset(lessons_of.get(place.pk, ()))
            if not lesson_ids:
                continue
            card_id = f"place:{place.key}"
            rng = seeded(card_id)
            candidates = list(places)
            rng.shuffle(candidates)
            pins = [place]
            for other in candidates:
                if len(pins) == PINS:
                    break
                if all(
                    grading.haversine_km(p.latitude, p.longitude, other.latitude, other.longitude)
                    > SPREAD_KM
                    for p in pins
                ):
                    pins.append(other)
            if len(pins) < 2:
                continue
            rng.shuffle(pins)
            shown = []
            for number, pin in enumerate(pins, start=1):
                x, y = maps.project(geo, pin.latitude, pin.longitude)
                shown.append({"n": number, "x": x, "y": y})
            yield Card(
                id=card_id,
                type=self.code,
                prompt=_("Where is this place? Click the map or choose a numbered pin."),
                subject=place.name,
                answer=_("Pin %(number)s") % {"number": pins.index(place) + 1},
                requires=(lesson_ids,),
                module_id=data.module_of(lesson_ids),
                data={"pins": shown},
                key={
                    "lat": place.latitude,
                    "lon": place.longitude,
                    "right_pin": pins.index(place) + 1,
                    "pins": {str(n): (p.latitude, p.longitude) for n, p in enumerate(pins, 1)},
                },
                lesson=data.lesson_link(lesson_ids),
            )

    def read(self, card, form):
        pin = form.get("pin", "").strip()
        if pin:
            if pin not in card.key["pins"]:
                raise grading.InvalidResponse(_("Choose one of the numbered pins."), code="pin")
            return list(card.key["pins"][pin])
        lat, lon = form.get("lat", "").strip(), form.get("lon", "").strip()
        return [lat, lon] if lat and lon else None

    def grader(self, card):
        return grading.MapPoint(card.key["lat"], card.key["lon"], RADIUS_KM)

    def grade(self, card, form):
        if self.read(card, form) is None:
            raise grading.InvalidResponse(
                _("Click the map or choose a numbered pin."), code="blank"
            )
        return super().grade(card, form)
