"""The course grade the gradebook shows: quiz grades weighted as the syllabus says."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from quizzes.gradebook import weighted_grade
from tests.factories import make_classroom, make_quiz

WEIGHTS = {"quizzes": 40, "essay": 20, "final": 40}


def cell(name, grade):
    return SimpleNamespace(quiz=name, grade=None if grade is None else Decimal(grade))


def by_name(quiz):
    return quiz.split("-")[0]


def test_each_component_is_averaged_then_weighted():
    cells = [cell("quizzes-1", 80), cell("quizzes-2", 60), cell("essay-1", 90), cell("final-1", 50)]
    # quizzes 70 x 40 + essay 90 x 20 + final 50 x 40 = 66
    assert weighted_grade(cells, WEIGHTS, by_name) == Decimal("66.0")


def test_components_not_graded_yet_are_left_out_and_the_rest_scaled_up():
    cells = [cell("quizzes-1", 80), cell("quizzes-2", None), cell("final-1", None)]
    assert weighted_grade(cells, WEIGHTS, by_name) == Decimal("80.0")
    cells = [cell("quizzes-1", 70), cell("final-1", 40)]  # no essay: 40/80 and 40/80
    assert weighted_grade(cells, WEIGHTS, by_name) == Decimal("55.0")


def test_nothing_graded_gives_no_course_grade():
    assert weighted_grade([cell("quizzes-1", None)], WEIGHTS, by_name) is None
    assert weighted_grade([], WEIGHTS, by_name) is None


def test_a_quiz_outside_every_component_does_not_count():
    cells = [cell("quizzes-1", 100), cell("practice-1", 0)]
    assert weighted_grade(cells, WEIGHTS, lambda q: None if "practice" in q else "quizzes") == 100


# -- in the gradebook and its CSV ----------------------------------------------------------------


def make_syllabus(course, **weights):
    from course.models import SyllabusPage

    page = SyllabusPage(title="Syllabus", title_en="Syllabus", slug="syllabus", **weights)
    course.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_weights_that_do_not_add_up_to_100_are_refused_by_the_form_and_the_database():
    from django.core.exceptions import ValidationError

    from course.models import SyllabusPage

    room = make_classroom(students=0, quizzes=0)
    with pytest.raises(ValidationError, match="syllabus_weights_add_up_to_100"):
        make_syllabus(room.course, quiz_weight=50, essay_weight=20, final_weight=40)
    page = make_syllabus(room.course)  # the defaults: 40 + 20 + 40
    with pytest.raises(IntegrityError), transaction.atomic():
        SyllabusPage.objects.filter(pk=page.pk).update(quiz_weight=50)


@pytest.mark.django_db
def test_gradebook_and_csv_show_the_weighted_course_grade(client):
    room = make_classroom(students=2, quizzes=2)
    final = make_quiz(room.course, questions=room.questions[room.quizzes[0].pk], title="Final")
    make_syllabus(room.course, quiz_weight=50, essay_weight=0, final_weight=50)
    client.force_login(room.instructor)
    html = client.get("/admin/gradebook/").content.decode()
    assert "Course grade" in html and "weighted as in the syllabus" in html
    response = client.get(reverse("course_admin:export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    column = rows[0].index("Course grade, weighted (%)")
    grades = {row[0]: row for row in rows[1:]}
    for student in room.students:
        row = grades[student.get_username()]
        module_grades = [Decimal(row[rows[0].index(f"{q.title} (%)")]) for q in room.quizzes]
        # no attempt at the final yet: the module quizzes alone make the course grade
        assert row[rows[0].index(f"{final.title} (%)")] == ""
        assert Decimal(row[column]) == (sum(module_grades) / 2).quantize(Decimal("0.1"))


@pytest.mark.django_db
def test_without_a_syllabus_there_is_no_weighted_column(client):
    room = make_classroom(students=1, quizzes=1)
    client.force_login(room.instructor)
    assert "weighted as in the syllabus" not in client.get("/admin/gradebook/").content.decode()
    response = client.get(reverse("course_admin:export"))
    assert "Course grade, weighted" not in response.content.decode()
