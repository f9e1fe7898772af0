"""Teaching assistants see and grade only their cohorts (gradebook, student record, essay
queue, statistics, audit trail, exports); instructors see all and may filter by cohort;
progress does not depend on the cohort."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from course.models import Cohort, CohortMember
from course.roles import TEACHING_ASSISTANTS
from course.selectors import student_progress
from quizzes.models import Answer
from tests.factories import make_classroom, make_user

pytestmark = pytest.mark.django_db


def hidden(client, url) -> bool:
    """Not found (an admin 404 is first redirected to the language-prefixed path)."""
    return client.get(url, follow=True).status_code == 404


@pytest.fixture
def sections():
    room = make_classroom(students=4, quizzes=1, essay=True)
    a = Cohort.objects.create(course=room.course, name="Section A", term="Spring 2027")
    b = Cohort.objects.create(course=room.course, name="Section B", term="Spring 2027")
    for n, student in enumerate(room.students):
        CohortMember.objects.create(cohort=a if n < 2 else b, user=student)
    ta = make_user("ta", group=TEACHING_ASSISTANTS)
    a.teaching_assistants.add(ta)
    a.save()  # a parental many-to-many is written when the cohort is saved
    return room, a, b, ta


def test_the_teaching_assistants_group_may_grade(sections):
    *_rest, ta = sections
    assert Group.objects.filter(name=TEACHING_ASSISTANTS).exists()
    assert ta.has_perm("quizzes.grade_attempts")


def test_the_gradebook_and_exports_show_only_their_cohort(client, sections):
    room, _a, _b, ta = sections
    mine, theirs = room.students[:2], room.students[2:]
    client.force_login(ta)
    html = client.get(reverse("course_admin:gradebook")).content.decode()
    assert all(s.get_username() in html for s in mine)
    assert not any(f">{s.get_username()}<" in html or s.email in html for s in theirs)
    export = client.get(reverse("course_admin:export")).content.decode()
    assert all(s.email in export for s in mine) and not any(s.email in export for s in theirs)
    moodle = client.get(reverse("course_admin:export_moodle")).content.decode()
    assert not any(s.email in moodle for s in theirs)


def test_another_cohort_student_record_is_not_found(client, sections):
    room, _a, _b, ta = sections
    client.force_login(ta)
    assert client.get(reverse("course_admin:student", args=[room.students[0].pk])).status_code \
        == 200
    assert hidden(client, reverse("course_admin:student", args=[room.students[3].pk]))
    quiz = room.quizzes[0]
    url = reverse("quizzes_admin:override", args=[room.students[3].pk, quiz.pk])
    assert hidden(client, url)


def test_the_essay_queue_and_marking_are_limited(client, sections):
    room, _a, _b, ta = sections
    client.force_login(ta)
    page = client.get(reverse("quizzes_admin:grading"))
    shown = {e["answer"].attempt.user_id for e in page.context["entries"]}
    assert shown and shown <= {s.pk for s in room.students[:2]}
    foreign = Answer.objects.filter(attempt__user=room.students[3], marks__isnull=True).first()
    assert hidden(client, reverse("quizzes_admin:mark", args=[foreign.pk]))


def test_statistics_and_audit_trail_are_limited(client, sections):
    room, _a, _b, ta = sections
    client.force_login(ta)
    quiz = room.quizzes[0]
    stats = client.get(reverse("quizzes_admin:statistics", args=[quiz.pk])).context["stats"]
    assert stats.all_submitted == 2  # of 4
    assert client.get(reverse("quizzes_admin:audit")).status_code == 200


def test_instructors_see_everyone_and_can_filter_by_cohort(client, sections):
    room, _a, b, _ta = sections
    client.force_login(room.instructor)
    html = client.get(reverse("course_admin:gradebook")).content.decode()
    assert all(s.email in html or s.get_username() in html for s in room.students)
    response = client.get(reverse("course_admin:gradebook") + f"?cohort={b.pk}")
    names = {row.user.pk for row in response.context["rows"]}
    assert names == {s.pk for s in room.students[2:]}


def test_progress_does_not_depend_on_the_cohort(sections):
    room, a, b, _ta = sections
    student = room.students[0]
    before = student_progress(student).percent
    CohortMember.objects.filter(user=student).update(cohort=b)
    assert student_progress(student).percent == before
    assert a.pk != b.pk


def test_a_teaching_assistant_cannot_manage_who_is_in_the_course(client, sections):
    room, _a, _b, ta = sections
    client.force_login(ta)
    for name, args in (("course_admin:students", []), ("course_admin:roster_import", []),
                       ("course_admin:invitations", []),
                       ("course_admin:delete_student", [room.students[0].pk])):
        response = client.get(reverse(name, args=args))
        # Wagtail's admin turns "permission denied" into a redirect to the dashboard.
        assert response.status_code == 403 or response["Location"] == "/admin/", name
    menu = client.get(reverse("course_admin:gradebook")).content.decode()
    assert reverse("course_admin:roster_import") not in menu
