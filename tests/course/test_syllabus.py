"""The syllabus page: loaded from content/, shown to students, its seminar guide to instructors."""

import io

import pytest
from django.core.management import call_command

from tests.factories import make_instructor, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def syllabus():
    call_command("load_course", stdout=io.StringIO())
    from course.models import SyllabusPage

    return SyllabusPage.objects.get()


def test_the_syllabus_has_fourteen_weeks_outcomes_weights_and_workload(syllabus):
    from course.models import ModulePage

    assert syllabus.weeks.count() == 14
    assert syllabus.quiz_weight + syllabus.essay_weight + syllabus.final_weight == 100
    weeks_with_quiz = [w.quiz.slug for w in syllabus.weeks.all() if w.quiz]
    assert weeks_with_quiz[-1] == "final-exam" and len(weeks_with_quiz) == 10
    outcomes = list(syllabus.outcomes.all())
    assert len(outcomes) >= 6
    assert all(o.modules.exists() and o.questions.exists() for o in outcomes)
    taught = {m.pk for o in outcomes for m in o.modules.all()}
    assert taught == set(ModulePage.objects.values_list("pk", flat=True))  # every module
    assert all(m.workload_hours > 0 for m in ModulePage.objects.all())


@pytest.mark.parametrize(
    "language, title, week",
    [
        ("en", "Syllabus", "Energy and trade figures"),
        ("ru", "Программа курса", "Энергетика и торговые показатели"),
        ("kk", "Курс бағдарламасы", "Энергетика және сауда көрсеткіштері"),
        ("tr", "Ders izlencesi", "Enerji ve ticaret rakamları"),
    ],
)
def test_students_read_the_syllabus_in_their_language(client, syllabus, language, title, week):
    client.force_login(make_student())
    html = client.get(f"/{language}/syllabus/").content.decode()
    assert f"<h1>{title}</h1>" in html and week in html
    assert 'id="outcome-LO1"' in html and "/final-exam/" in html
    assert "seminar-guide" not in html  # the guide is for instructors only


def test_instructors_also_see_the_seminar_guide(client, syllabus):
    client.force_login(make_instructor())
    html = client.get("/ru/syllabus/").content.decode()
    assert "seminar-guide" in html and "Модуль 5: экономика и энергетика" in html


def test_anonymous_visitors_do_not_see_the_seminar_guide(client, syllabus):
    html = client.get("/en/syllabus/").content.decode()
    assert "Syllabus" in html and "seminar-guide" not in html


def test_the_course_page_links_the_syllabus(client, syllabus):
    assert 'href="/kk/syllabus/"' in client.get("/kk/").content.decode()
