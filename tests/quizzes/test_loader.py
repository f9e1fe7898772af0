"""The quizzes step of ``load_course``: categories, questions and quiz pages from the YAML."""

import copy
from types import SimpleNamespace

import pytest
from django.conf import settings

from course.content.loader import Loader, load_course
from course.content.markdown import ContentError
from course.content.reader import read_course
from quizzes.loader import load_quizzes
from quizzes.models import Question, QuestionCategory, QuizPage
from tests.factories import make_course, make_lesson, make_module, make_place

pytestmark = pytest.mark.django_db

CATEGORY = {"key": "common-roots", "title": {"en": "Common roots", "ru": "Общие корни"}}


def t(en, ru=None):
    return {"en": en, "ru": ru or f"{en} (ru)"}


def questions():
    base = {"category": CATEGORY, "lesson": "oghuz", "points": 1, "_file": "02.yaml"}
    return [
        {**base, "key": "roots-01", "type": "single", "text": t("When?"),
         "feedback": t("Yilmaz says so."),
         "options": [{"text": t("10th–11th c."), "correct": True, "feedback": t("Yes.")},
                     {"text": t("6th c.")}]},
        {**base, "key": "roots-02", "type": "multiple", "points": 2, "text": t("Which?"),
         "options": [{"text": t("A"), "correct": True}, {"text": t("B"), "correct": True},
                     {"text": t("C")}]},
        {**base, "key": "roots-03", "type": "truefalse", "text": t("True?"), "answer": False},
        {**base, "key": "roots-04", "type": "short", "text": t("Which institution?"),
         "answers": {"en": ["caliphate"], "ru": ["халифат"], "kk": ["халифат"]}},
        {**base, "key": "roots-05", "type": "numeric", "text": t("How much?"), "answer": 39.8,
         "tolerance": 0.5, "tolerance_kind": "absolute", "unit": t("billion barrels")},
        {**base, "key": "roots-06", "type": "ordering", "text": t("Order"),
         "items": [t("First"), t("Second"), t("Third")]},
        {**base, "key": "roots-07", "type": "matching", "text": t("Match"),
         "pairs": [{"left": t("Rumi"), "right": t("Konya")},
                   {"left": t("Yassawi"), "right": t("Turkestan")}]},
        {**base, "key": "roots-08", "type": "mappoint", "text": t("Where?"), "place": "anatolia",
         "radius_km": 500},
        {**base, "key": "roots-09", "type": "essay", "points": 10, "text": t("Discuss."),
         "rubric": t("Mentions the Seljuks.")},
    ]


QUIZZES = [
    {"module": "common-roots", "slug": "common-roots-quiz", "title": t("Quiz: common roots"),
     "intro": t("Ten questions."), "questions": ["roots-01", "roots-02"],
     "draw": {"category": "common-roots", "count": 3}, "time_limit_minutes": 20,
     "attempts_allowed": 3, "grading_method": "average", "pass_mark": 70,
     "one_per_page": True, "shuffle_questions": False, "shuffle_options": True},
    {"module": "final", "slug": "final-exam", "title": t("Final exam"),
     "questions": ["roots-09"], "grading_method": "last"},
]


@pytest.fixture
def setup():
    course = make_course()
    module = make_module(course, slug="common-roots")
    return SimpleNamespace(
        course=course,
        module=module,
        lessons={"oghuz": make_lesson(module, slug="oghuz")},
        places={"anatolia": make_place(key="anatolia", name="Anatolia", lat=39, lon=35)},
    )


def run(setup, question_data=None, quizzes=None, update=False):
    content = SimpleNamespace(
        questions=copy.deepcopy(questions() if question_data is None else question_data),
        quizzes=copy.deepcopy(QUIZZES if quizzes is None else quizzes),
    )
    loader = Loader(content, update=update)
    loader.lessons, loader.places = setup.lessons, setup.places
    load_quizzes(loader, setup.course)
    return loader.report


def test_loads_every_question_type(setup):
    report = run(setup)
    assert report.counts["questions"]["created"] == 9
    assert report.counts["question categories"]["created"] == 1
    category = QuestionCategory.objects.get()
    assert (category.title_en, category.title_ru) == ("Common roots", "Общие корни")
    q = {question.key: question for question in Question.objects.all()}
    single = q["roots-01"]
    assert single.lesson == setup.lessons["oghuz"] and single.text_ru == "When? (ru)"
    assert [(o.text_en, o.correct, o.feedback_en or "") for o in single.options.all()] == [
        ("10th–11th c.", True, "Yes."), ("6th c.", False, ""),
    ]
    assert q["roots-02"].points == 2
    assert q["roots-03"].true_false_answer is False
    assert sorted(q["roots-04"].accepted_answers.values_list("language", "text")) == [
        ("en", "caliphate"), ("kk", "халифат"), ("ru", "халифат"),
    ]
    numeric = q["roots-05"]
    assert float(numeric.numeric_answer) == 39.8 and float(numeric.tolerance) == 0.5
    assert numeric.unit_ru == "billion barrels (ru)"
    assert [o.text_en for o in q["roots-06"].options.all()] == ["First", "Second", "Third"]
    assert [(p.left_en, p.right_en) for p in q["roots-07"].pairs.all()] == [
        ("Rumi", "Konya"), ("Yassawi", "Turkestan"),
    ]
    assert q["roots-08"].place == setup.places["anatolia"] and q["roots-08"].radius_km == 500
    assert q["roots-09"].rubric_en == "Mentions the Seljuks."
    for question in q.values():
        question.grader("ru")  # every key builds


def test_quiz_pages_go_under_their_module_and_the_final_under_the_course(setup):
    run(setup)
    quiz = QuizPage.objects.get(slug="common-roots-quiz")
    assert quiz.get_parent().pk == setup.module.pk and quiz.live
    assert [fq.question.key for fq in quiz.fixed_questions.all()] == ["roots-01", "roots-02"]
    assert quiz.draw_category.key == "common-roots" and quiz.draw_count == 3
    assert (quiz.time_limit_minutes, quiz.attempts_allowed, quiz.grading_method) == (
        20, 3, "average",
    )
    assert (quiz.pass_mark, quiz.one_per_page, quiz.shuffle_questions) == (70, True, False)
    assert quiz.title_ru == "Quiz: common roots (ru)" and "Ten questions." in quiz.intro_en
    final = QuizPage.objects.get(slug="final-exam")
    assert final.get_parent().pk == setup.course.pk and final.grading_method == "last"


def test_loading_twice_changes_nothing_and_update_keeps_option_ids(setup):
    run(setup)
    single = Question.objects.get(key="roots-01")
    uids = list(single.options.values_list("uid", flat=True))
    report = run(setup)
    assert report.counts["questions"] == {"unchanged": 9}
    assert report.counts["quizzes"] == {"unchanged": 2}
    changed = questions()
    changed[0]["text"] = t("When exactly?")
    changed[0]["options"].append({"text": t("8th c.")})
    report = run(setup, changed, update=True)
    assert report.counts["questions"] == {"updated": 9}
    single = Question.objects.get(key="roots-01")
    assert single.text_en == "When exactly?"
    assert list(single.options.values_list("uid", flat=True))[:2] == uids  # answers stay valid
    assert single.options.count() == 3
    assert Question.objects.count() == 9 and QuizPage.objects.count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lesson": "no-such-lesson"}, "unknown lesson 'no-such-lesson'"),
        ({"type": "mappoint", "place": "atlantis", "radius_km": 10}, "unknown place 'atlantis'"),
        ({"options": [{"text": t("a"), "correct": True}, {"text": t("b"), "correct": True}]},
         "exactly one correct option"),
        ({"type": "dragdrop"}, "unknown question type"),
        ({"points": 0}, "points must be positive"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_error(setup, change, message):
    data = questions()
    data[0].update(change)
    with pytest.raises(ContentError, match="02.yaml:roots-01") as info:
        run(setup, data)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"module": "nowhere"}, "unknown module 'nowhere'"),
        ({"questions": ["roots-01", "roots-99"]}, "unknown questions ['roots-99']"),
        ({"draw": {"category": "nope", "count": 2}}, "unknown question category 'nope'"),
        ({"grading_method": "best"}, "unknown grading method 'best'"),
    ],
)
def test_bad_quizzes_are_refused_with_a_clear_error(setup, change, message):
    quizzes = copy.deepcopy(QUIZZES)
    quizzes[0].update(change)
    with pytest.raises(ContentError, match="common-roots-quiz") as info:
        run(setup, quizzes=quizzes)
    assert message in str(info.value)


def test_the_course_content_loads_its_question_bank_and_quizzes():
    root = settings.COURSE_CONTENT_DIR
    if not (root / "quizzes" / "questions").exists():
        pytest.skip("no question bank in the content folder yet")
    content = read_course(root)
    report = load_course(content)
    assert report.counts["questions"]["created"] == len(content.questions)
    assert QuizPage.objects.count() == len(content.quizzes)
    for question in Question.objects.select_related("place").prefetch_related(
        "options", "pairs", "accepted_answers"
    ):
        for language in ("en", "ru"):
            question.grader(language)
