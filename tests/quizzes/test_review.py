"""What the attempt and review pages hand to code, in every language, and what the review shows.

Numbers in markup (SVG coordinates, the map's data for the script, hidden coordinates) must read
as plain numbers in Russian and Turkish too, where the template engine writes a decimal comma.
The review ties feedback to each option, shows a map answer on the map, shows the right pairs
of a matching, and reads every text in the language of the page.
"""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from quizzes import services
from quizzes.models import Attempt
from quizzes.templatetags.quiz_format import format_percent
from tests.factories import make_place, make_question, make_quiz, make_student

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture
def student(client):
    user = make_student()
    client.force_login(user)
    return user


def url(name, attempt, language="en"):
    with translation.override(language):
        return reverse(f"quizzes:{name}", kwargs={"pk": attempt.pk})


def start(client, quiz, language="en") -> Attempt:
    with translation.override(language):
        address = reverse("quizzes:start", kwargs={"quiz_id": quiz.pk})
    response = client.post(address)
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.get(pk=int(re.search(r"/attempt/(\d+)/", response["Location"])[1]))


def attribute_values(html, *names):
    """Every value of the attributes ``names`` in ``html``."""
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = rf'\s(?:{alternatives})="([^"]*)"'
    return re.findall(pattern, html)


def assert_plain_numbers(html):
    """SVG geometry and the map data read as numbers with a decimal point."""
    values = attribute_values(html, "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width",
                              "height")
    assert values, "no SVG geometry in the page"
    for value in values:
        assert NUMBER.match(value), value
    for box in attribute_values(html, "viewBox"):
        parts = box.split()
        assert len(parts) == 4 and all(NUMBER.match(part) for part in parts), box
    for path in re.findall(r'<path d="([^"]*)"', html):
        assert "," not in path, path[:80]


@pytest.fixture
def map_question():
    astana = make_place(key="astana", name="Astana", lat=51.1694, lon=71.4491)
    return make_question("mappoint", place=astana, radius_km=100)


@pytest.mark.parametrize("language", ["ru", "tr", "kk", "en"])
def test_the_map_question_hands_plain_numbers_to_the_script_in_every_language(
    client, student, map_question, language
):
    quiz = make_quiz(questions=[map_question])
    attempt = start(client, quiz, language)
    services.save_answers(attempt, {map_question.pk: {"lat": 50.4567, "lon": 70.1234}})
    html = client.get(url("attempt", attempt, language)).content.decode()
    geo = json.loads(
        re.search(r'data-geo="([^"]*)"', html)[1].replace("&quot;", '"')
    )
    for key in ("west", "north", "kx", "ky", "width", "height"):
        assert isinstance(geo[key], (int, float)), key
    assert geo["kx"] > 0 and geo["ky"] > 0
    assert_plain_numbers(html)
    lat = re.search(rf'name="q{map_question.pk}-lat" value="([^"]*)"', html)[1]
    lon = re.search(rf'name="q{map_question.pk}-lon" value="([^"]*)"', html)[1]
    assert float(lat) == pytest.approx(50.4567) and float(lon) == pytest.approx(70.1234)
    # the marker stands where the script would put the saved point
    cx = float(re.search(r'class="q-marker" r="7" cx="([^"]*)"', html)[1])
    assert cx == pytest.approx((70.1234 - geo["west"]) * geo["kx"], abs=0.1)


@pytest.mark.parametrize("language", ["ru", "tr"])
def test_the_review_draws_the_map_answer_with_the_place_and_the_distance(
    client, student, map_question, language
):
    quiz = make_quiz(questions=[map_question], review_after_right_answer=True)
    attempt = start(client, quiz, language)
    client.post(url("submit", attempt, language), {
        "page": "0", f"q{map_question.pk}-lat": "51.9", f"q{map_question.pk}-lon": "71.45",
    })
    attempt.refresh_from_db()
    assert attempt.score == 1  # 81 km from Astana, within 100 km
    html = client.get(url("review", attempt, language)).content.decode()
    assert 'class="review-map"' in html and "#quiz-basemap" in html
    assert_plain_numbers(html)
    you = re.search(r'class="q-marker review-you" cx="([^"]*)" cy="([^"]*)"', html)
    place = re.search(r'class="review-place" cx="([^"]*)" cy="([^"]*)"', html)
    assert you and place
    assert float(you[2]) < float(place[2])  # the point is north of Astana: higher on the map
    assert re.search(r"\b81 (km|км)\b", html)
    assert "°," not in html  # no bare coordinates instead of the map


def test_the_review_keeps_the_answer_hidden_on_the_map_when_the_options_say_so(
    client, student, map_question
):
    quiz = make_quiz(questions=[map_question])  # right after: no right answer
    attempt = start(client, quiz)
    client.post(url("submit", attempt), {
        "page": "0", f"q{map_question.pk}-lat": "45", f"q{map_question.pk}-lon": "60",
    })
    html = client.get(url("review", attempt)).content.decode()
    assert "review-you" in html
    assert "review-place" not in html and "Astana" not in html and " km from " not in html


def test_multiple_response_feedback_stands_at_each_option_in_the_language_of_the_page(
    client, student
):
    question = make_question("multiple")
    for option in question.options.all():
        option.feedback_en = f"EN about {option.text_en}"
        option.feedback_kk = f"KK about {option.text_en}"
        option.save()
    quiz = make_quiz(questions=[question], review_after_right_answer=True)
    right = question.options.get(text_en="Right").uid
    wrong = question.options.get(text_en="Wrong").uid
    attempt = start(client, quiz, "en")  # taken in English ...
    client.post(url("submit", attempt), {"page": "0", f"q{question.pk}": [right, wrong]})
    html = client.get(url("review", attempt, "kk")).content.decode()  # ... read in Kazakh
    assert "EN about" not in html
    options = re.findall(r'<li class="review-option([^"]*)">(.*?)</li>', html, re.S)
    assert len(options) == 3
    by_text = {re.search(r'review-option-text">([^<]*)<', body)[1]: (cls, body)
               for cls, body in options}
    cls, body = by_text["Right"]
    assert "picked" in cls and " right" in cls and "KK about Right" in body
    cls, body = by_text["Wrong"]
    assert "picked" in cls and " wrong" in cls and "KK about Wrong" in body
    cls, body = by_text["Also right"]
    assert "picked" not in cls and " right" in cls and "KK about" not in body  # missed
    assert len(options) == 3


def test_single_choice_option_feedback_follows_the_page_language_in_every_language(
    client, student
):
    question = make_question("single")
    option = question.options.get(text_en="Wrong")
    for language in ("en", "ru", "kk", "tr"):
        setattr(option, f"feedback_{language}", f"feedback-{language}")
    option.save()
    quiz = make_quiz(questions=[question])
    attempt = start(client, quiz, "tr")
    client.post(url("submit", attempt, "tr"), {"page": "0", f"q{question.pk}": option.uid})
    for language in ("en", "ru", "kk", "tr"):
        html = client.get(url("review", attempt, language)).content.decode()
        assert f"feedback-{language}" in html
        others = {"en", "ru", "kk", "tr"} - {language}
        assert not any(f"feedback-{other}" in html for other in others), language


def test_a_partly_wrong_matching_shows_the_right_pairs_when_the_options_allow(client, student):
    question = make_question("matching")
    rumi, yassawi = question.pairs.order_by("sort_order")
    quiz = make_quiz(questions=[question], review_after_right_answer=True)
    attempt = start(client, quiz)
    client.post(url("submit", attempt), {
        "page": "0",
        f"q{question.pk}-{rumi.left_uid}": rumi.right_uid,  # right
        f"q{question.pk}-{yassawi.left_uid}": rumi.right_uid,  # wrong: Konya
    })
    html = client.get(url("review", attempt)).content.decode()
    pattern = r'<li class="review-option (right|wrong)">.*?review-pair-left">([^<]*)<(.*?)</li>'
    rows = re.findall(pattern, html, re.S)
    assert {text: state for state, text, _rest in rows} == {"Rumi": "right", "Yassawi": "wrong"}
    wrong_row = next(rest for state, _text, rest in rows if state == "wrong")
    assert "Konya" in wrong_row and "Turkestan" in wrong_row  # what they chose, what is right
    right_row = next(rest for state, _text, rest in rows if state == "right")
    assert "The right match" not in right_row
    # without the right answer in the review options, only the verdicts
    type(quiz).objects.filter(pk=quiz.pk).update(review_after_right_answer=False)
    html = client.get(url("review", attempt)).content.decode()
    assert html.count('<li class="review-option wrong">') == 1
    assert "Turkestan" not in html and "The right match" not in html


def test_one_grade_format_on_the_quiz_page_and_the_review(client, student):
    questions = [make_question("short", points=points) for points in (1, 1, 1)]
    quiz = make_quiz(questions=questions)
    attempt = start(client, quiz)
    client.post(url("submit", attempt), {
        "page": "0", f"q{questions[0].pk}": "Turkestan", f"q{questions[1].pk}": "Turkestan",
    })
    for language, shown in (("en", "66.7%"), ("ru", "66,7\u00a0%"), ("tr", "%66,7")):
        review = client.get(url("review", attempt, language)).content.decode()
        with translation.override(language):
            page = client.get(quiz.url).content.decode()
        assert shown in review, language
        assert shown in page, language
        assert "66.67" not in review + page and "67 %" not in review + page


@pytest.mark.parametrize(("language", "value", "shown"), [
    ("en", Decimal("91.67"), "91.7%"), ("en", Decimal("92.00"), "92%"),
    ("ru", Decimal("91.67"), "91,7\u00a0%"), ("kk", 60, "60\u00a0%"),
    ("tr", Decimal("91.67"), "%91,7"), ("en", None, "—"),
])
def test_format_percent(language, value, shown):
    with translation.override(language):
        assert format_percent(value) == shown


def test_ordering_offers_one_control_with_its_own_hint(client, student):
    question = make_question("ordering")
    attempt = start(client, make_quiz(questions=[question]))
    html = client.get(url("attempt", attempt)).content.decode()
    # without the script: the selects and their hint; the script swaps both for the buttons
    assert html.count("data-position") == 3
    assert re.search(r"<span data-hint-positions>[^<]*position", html)
    assert re.search(r"<span data-hint-buttons hidden>[^<]*Move up", html)
    assert re.search(r"<span class=\"q-move\" data-move-buttons hidden>", html)


def test_submitting_is_confirmed_once_on_the_summary_page(client, student):
    question = make_question("short")
    attempt = start(client, make_quiz(questions=[question], time_limit_minutes=5))
    html = client.get(url("summary", attempt)).content.decode()
    assert "data-confirm" not in html
    assert 'role="timer"' in html
    # the countdown is outside the heading block, so it can stay in sight while scrolling
    attempt_html = client.get(url("attempt", attempt)).content.decode()
    assert 'class="quiz-head"' not in attempt_html
    assert attempt.deadline > timezone.now()
