"""How long the instructors' gradebook takes for a large class, against a bare SQL query.

    python bench/gradebook.py [--students 1000] [--quizzes 10] [--runs 5]

Builds a throwaway database (``DATABASE_URL`` if set, e.g. a scratch PostgreSQL database;
otherwise a temporary SQLite file), migrates it, and creates one course with ``--quizzes``
modules (two lessons and a quiz each), ``--students`` enrolled students, one to three submitted
attempts per student and quiz, and some completed lessons, all with ``bulk_create``. Then it
times, as an instructor through Django's test client:

- the gradebook view sorted by name (``/admin/gradebook/``: the first page of 50 students is
  computed and rendered),
- the gradebook view sorted by a quiz's grade (every student's cells and progress are computed
  to sort them, then the first page is rendered),
- the CSV export (every row rendered),
- and the plain SQL query returning the same grid (``SELECT user, quiz, max(score)... GROUP BY``),

and prints the median of each, the ratio of the view to the query, and the view's number of
SQL queries (which does not depend on the number of students). Never point ``DATABASE_URL`` at a
database you care about: the script writes into it.
"""

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        folder = tempfile.mkdtemp(prefix="gradebook-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "course.settings.test")
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def build(students: int, quizzes: int, seed: int = 1):
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from course.models import Enrolment, LessonCompletion
    from course.roles import STUDENTS
    from quizzes.models import Attempt
    from tests.factories import (
        make_course,
        make_instructor,
        make_lesson,
        make_module,
        make_question,
        make_quiz,
    )

    rng = random.Random(seed)
    course = make_course(title="Bench course")
    quiz_pages, lessons = [], []
    for n in range(quizzes):
        module = make_module(course, title=f"Module {n + 1}")
        lessons += [make_lesson(module) for _i in range(2)]
        questions = [make_question("single"), make_question("truefalse")]
        quiz_pages.append(make_quiz(module, questions=questions, attempts_allowed=3))
    instructor = make_instructor("bench-instructor")

    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                username=f"student{i:05d}",
                first_name=f"First{i}",
                last_name=f"Last{i:05d}",
                email=f"student{i:05d}@example.org",
                password="!",
            )
            for i in range(students)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith="student").order_by("pk"))
    group = Group.objects.get_or_create(name=STUDENTS)[0]
    group.user_set.add(*users)
    Enrolment.objects.bulk_create(
        [Enrolment(user=u, course=course) for u in users], batch_size=1000
    )
    now = timezone.now()
    attempts, completions = [], []
    for user in users:
        for quiz in quiz_pages:
            for number in range(1, rng.randint(1, 3) + 1):
                attempts.append(
                    Attempt(
                        user=user,
                        quiz=quiz,
                        number=number,
                        state="submitted",
                        started_at=now,
                        submitted_at=now,
                        snapshot={"questions": []},
                        score=Decimal(rng.randint(0, 20)) / 10,
                        max_score=Decimal(2),
                    )
                )
        for lesson in rng.sample(lessons, rng.randint(0, len(lessons))):
            completions.append(LessonCompletion(user=user, lesson=lesson))
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    LessonCompletion.objects.bulk_create(completions, batch_size=2000)
    return instructor, len(attempts), len(completions)


SQL = """
SELECT a.user_id, a.quiz_id, MAX(a.score * 100 / a.max_score), COUNT(*)
FROM quizzes_attempt a
JOIN course_enrolment e ON e.user_id = a.user_id
WHERE a.state = 'submitted'
GROUP BY a.user_id, a.quiz_id
"""


def timed(function, runs: int) -> tuple[float, object]:
    function()  # warm up (caches, connections, templates)
    times, result = [], None
    for _run in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--quizzes", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    url = setup_django(os.environ.get("DATABASE_URL"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    instructor, attempts, completions = build(args.students, args.quizzes)
    print(
        f"built {args.students} students x {args.quizzes} quizzes: {attempts} attempts, "
        f"{completions} completed lessons in {time.perf_counter() - start:.1f} s"
    )

    client = Client()
    client.force_login(instructor)

    def view(url="/admin/gradebook/"):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    from quizzes.models import QuizPage

    last_quiz = QuizPage.objects.order_by("path").last()
    sorted_url = f"/admin/gradebook/?sort=-quiz-{last_quiz.pk}"

    def export():
        response = client.get("/admin/gradebook/export.csv")
        assert response.status_code == 200, response.status_code
        return response

    def sql():
        with connection.cursor() as cursor:
            cursor.execute(SQL)
            return cursor.fetchall()

    view_time, _response = timed(view, args.runs)
    sorted_time, _response = timed(lambda: view(sorted_url), args.runs)
    queries = []

    def count(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        view(sorted_url)
    export_time, response = timed(export, args.runs)
    rows = response.content.decode("utf-8-sig").count("\n") - 1
    sql_time, grid = timed(sql, args.runs)

    print(f"gradebook, by name    : {view_time * 1000:8.1f} ms  (first page of 50 students)")
    print(
        f"gradebook, by a grade : {sorted_time * 1000:8.1f} ms  "
        f"(all {args.students} students computed; {len(queries)} SQL queries)"
    )
    print(f"CSV export            : {export_time * 1000:8.1f} ms  ({rows} rows)")
    print(f"plain SQL             : {sql_time * 1000:8.1f} ms  ({len(grid)} rows)")
    print(
        f"ratio to the plain SQL: by name {view_time / sql_time:.1f}x, "
        f"by a grade {sorted_time / sql_time:.1f}x, export {export_time / sql_time:.1f}x"
    )


if __name__ == "__main__":
    main()
