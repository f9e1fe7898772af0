"""Cards generated from the course data, in four languages, and graded by the quizzes' graders."""

import pytest
from django.http import QueryDict
from django.utils import translation

from lessons.models import Event
from practice import selectors
from practice.cards import AGAIN, EASY, GOOD, HARD, TYPES, Card, CardType, register
from practice.cards.event_order import _groups
from quizzes import grading

from .conftest import LANGUAGES, complete

pytestmark = pytest.mark.django_db


def cards_in(language):
    with translation.override(language):
        return {card.id: card for card in selectors.generated().cards}


def form(**values):
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query[name.replace("_", "-") if name.startswith("pos") else name] = value
    return query


def test_every_type_generates_cards_with_the_same_ids_in_four_languages(world):
    by_language = {language: cards_in(language) for language in LANGUAGES}
    ids = set(by_language["en"])
    assert all(set(cards) == ids for cards in by_language.values())
    kinds = {card.type for card in by_language["en"].values()}
    assert kinds == {"year", "order", "term", "definition", "place", "lesson", "source"}


@pytest.mark.parametrize(
    "language, title, term, definition",
    [
        ("en", "Turkey recognises Kazakhstan", "soft power", "Influence by attraction"),
        ("ru", "Турция признаёт Казахстан", "мягкая сила", "Влияние через привлекательность"),
        ("kk", "Түркия Қазақстанды таниды", "жұмсақ күш", "Тартымдылық арқылы ықпал"),
        ("tr", "Türkiye Kazakistan'ı tanır", "yumuşak güç", "Çekicilik yoluyla etki"),
    ],
)
def test_card_text_comes_from_the_translated_course_data(world, language, title, term, definition):
    cards = cards_in(language)
    assert cards["year:recognition"].subject == title
    assert "1991" in cards["year:recognition"].answer
    assert cards["term:soft-power"].subject == definition
    assert cards["term:soft-power"].answer == term
    assert term in [text for _key, text in cards["term:soft-power"].data["options"]]
    assert cards["definition:soft-power"].subject == term
    place = cards["place:almaty"]
    assert (
        place.subject == {"en": "Almaty", "ru": "Алматы", "kk": "Алматы", "tr": "Almatı"}[language]
    )


def test_prompts_are_translated(world):
    english = cards_in("en")["year:recognition"].prompt
    for language in ("ru", "kk", "tr"):
        assert cards_in(language)["year:recognition"].prompt != english


def test_cards_unlock_as_lessons_are_completed(world):
    l1, l2, l3 = world.lessons
    assert selectors.deck(world.student).cards == {}
    complete(world.student, l1)
    unlocked = set(selectors.deck(world.student).cards)
    assert {"year:recognition", "year:embassy", "term:soft-power", "place:ankara"} <= unlocked
    assert "year:visit" not in unlocked and "term:turkic-world" not in unlocked
    assert not any(card_id.startswith("order:") for card_id in unlocked)  # needs l2's events too
    complete(world.student, l2)
    unlocked = set(selectors.deck(world.student).cards)
    assert "year:visit" in unlocked
    assert any(card_id.startswith("order:") for card_id in unlocked)


def test_year_card_grades_exact_close_and_wrong(world):
    card = cards_in("en")["year:recognition"]
    kind = card.card_type
    right = kind.grade(card, form(answer="1991"))
    assert right.correct and right.ratings == (HARD, GOOD, EASY) and right.default == GOOD
    close = kind.grade(card, form(answer="1993"))
    assert not close.correct and close.ratings == (AGAIN, HARD)
    wrong = kind.grade(card, form(answer="2005"))
    assert wrong.ratings == (AGAIN,)
    with pytest.raises(grading.InvalidResponse):
        kind.grade(card, form(answer=""))
    with pytest.raises(grading.InvalidResponse):
        kind.grade(card, form(answer="nineteen"))


def test_a_rough_period_accepts_any_year_inside_it(world):
    card = cards_in("en")["year:decade"]
    for year in ("1990", "1995", "1999"):
        assert card.card_type.grade(card, form(answer=year)).correct
    assert not card.card_type.grade(card, form(answer="2000")).correct
    assert "1990" in card.answer


def test_order_card_is_shown_shuffled_and_graded_by_pairs(world):
    card = next(c for c in cards_in("en").values() if c.type == "order")
    shown = [key for key, _title in card.data["items"]]
    assert shown != card.key["order"] and sorted(shown) == sorted(card.key["order"])
    right = {f"pos-{key}": str(i) for i, key in enumerate(card.key["order"], start=1)}
    assert card.card_type.grade(card, QueryDict(mutable=True) | right).correct
    reverse = {f"pos-{key}": str(len(shown) - i) for i, key in enumerate(card.key["order"])}
    assert card.card_type.grade(card, QueryDict(mutable=True) | reverse).ratings == (AGAIN,)
    twice = {f"pos-{key}": "1" for key in shown}
    with pytest.raises(grading.InvalidResponse):
        card.card_type.grade(card, QueryDict(mutable=True) | twice)


def test_order_groups_never_put_two_events_of_one_year_together(world):
    first, second, third = world.events[:3]  # 1991, 1992, 1993
    same_year = Event(key="same-year", date=first.date)
    groups = list(_groups([first, same_year, second, third, world.events[3]]))
    assert groups and all(len({e.date.year for e in g}) == len(g) for g in groups)
    assert list(_groups([first, same_year])) == []  # fewer than three distinct years: no card


def test_choice_cards_grade_the_right_option(world):
    card = cards_in("ru")["term:soft-power"]
    assert card.card_type.grade(card, form(answer="soft-power")).correct
    other = next(key for key, _text in card.data["options"] if key != "soft-power")
    assert not card.card_type.grade(card, form(answer=other)).correct
    with pytest.raises(grading.InvalidResponse):
        card.card_type.grade(card, form(answer="no-such-term"))
    lesson = cards_in("en")["lesson:recognition"]
    assert lesson.answer == "Recognition lesson"
    assert lesson.card_type.grade(lesson, form(answer=lesson.key["right"])).correct


def test_place_card_takes_a_pin_or_a_click_on_the_map(world):
    card = cards_in("en")["place:almaty"]
    pins = card.key["pins"]
    right = str(card.key["right_pin"])
    assert card.card_type.grade(card, form(pin=right)).correct
    wrong = next(n for n in pins if n != right)
    assert not card.card_type.grade(card, form(pin=wrong)).correct
    assert card.card_type.grade(card, form(lat="43.5", lon="77.2")).correct  # ~35 km away
    assert not card.card_type.grade(card, form(lat="39.9", lon="32.8")).correct  # Ankara
    with pytest.raises(grading.InvalidResponse):
        card.card_type.grade(card, form(pin="9"))
    assert "london" not in {
        c.id.split(":")[1] for c in cards_in("en").values() if c.type == "place"
    }


def test_data_shown_before_answering_does_not_carry_the_key(world):
    for card in cards_in("en").values():
        assert "right" not in card.data and "order" not in card.data
        if card.type == "place":
            assert all(set(pin) == {"n", "x", "y"} for pin in card.data["pins"])


def test_a_new_card_type_is_one_registered_class():
    @register
    class Capital(CardType):
        code = "capital-test"
        label = "Capital"

        def generate(self, data):
            yield Card(id="capital-test:1", type=self.code, prompt="?", subject="x", answer="y")

    try:
        assert TYPES["capital-test"].code == "capital-test"
        assert isinstance(TYPES["capital-test"], Capital)
    finally:
        del TYPES["capital-test"]


def test_source_card_names_the_main_paper_and_accepts_any_cited_work(world):
    card = cards_in("kk")["source:recognition"]
    assert card.subject == "Түркия Қазақстанды таниды"
    assert card.key["right"] == "paper-a"  # cited by more events than "minor"
    shown = [key for key, _label in card.data["options"]]
    assert "paper-a" in shown and "paper-b" in shown
    assert card.card_type.grade(card, form(answer="paper-a")).correct
    assert not card.card_type.grade(card, form(answer="paper-b")).correct
    assert "Minor 1999" in card.answer and "Paper A 2026" in card.answer
