"""Reads for the course app: what a student sees of the course and of their progress.

Progress is derived, never stored: completion rows and graded attempts are the facts; the
percentages below are computed from them with a fixed number of queries (see student_progress).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import ngettext

from lessons.models import LessonPage
from quizzes.models import QuizPage
from quizzes.selectors import quiz_results, quiz_results_for_users

from .models import CoursePage, Enrolment, LessonCompletion, ModulePage


def get_course() -> CoursePage | None:
    """The elective (there is one per site)."""
    return CoursePage.objects.live().first()


def is_enrolled(user) -> bool:
    return user.is_authenticated and Enrolment.objects.filter(user=user).exists()


@dataclass
class ModuleProgress:
    module: ModulePage
    lessons: list = field(default_factory=list)  # [(lesson, done)]
    quizzes: list = field(default_factory=list)  # [(quiz, result)]

    @property
    def lessons_done(self) -> int:
        return sum(1 for _lesson, done in self.lessons if done)

    @property
    def items(self) -> int:
        return len(self.lessons) + len(self.quizzes)

    @property
    def items_done(self) -> int:
        return self.lessons_done + sum(1 for _quiz, result in self.quizzes if result["passed"])

    @property
    def percent(self) -> int:
        return round(100 * self.items_done / self.items) if self.items else 0

    @property
    def complete(self) -> bool:
        """All lessons marked complete and every quiz of the module passed."""
        return self.items > 0 and self.items_done == self.items

    @property
    def summary(self) -> str:
        """What the module's progress bar counts, in words: the lessons and the quiz."""
        done, total = self.lessons_done, len(self.lessons)
        if not self.quizzes:
            text = ngettext(
                "%(done)s of %(total)s lesson completed",
                "%(done)s of %(total)s lessons completed",
                total,
            )
        elif all(result["passed"] for _quiz, result in self.quizzes):
            text = ngettext(
                "%(done)s of %(total)s lesson completed, quiz passed",
                "%(done)s of %(total)s lessons completed, quiz passed",
                total,
            )
        else:
            text = ngettext(
                "%(done)s of %(total)s lesson completed, quiz not yet passed",
                "%(done)s of %(total)s lessons completed, quiz not yet passed",
                total,
            )
        return text % {"done": done, "total": total}


@dataclass
class CourseProgress:
    course: CoursePage | None
    enrolled: bool
    modules: list[ModuleProgress]
    final_quizzes: list  # [(quiz, result)] directly under the course (the final exam)

    @property
    def items(self) -> int:
        return sum(m.items for m in self.modules) + len(self.final_quizzes)

    @property
    def items_done(self) -> int:
        final = sum(1 for _quiz, result in self.final_quizzes if result["passed"])
        return sum(m.items_done for m in self.modules) + final

    @property
    def percent(self) -> int:
        return round(100 * self.items_done / self.items) if self.items else 0

    @property
    def complete(self) -> bool:
        return bool(self.modules) and self.items_done == self.items

    @property
    def next_item(self):
        """The first lesson not completed or quiz not passed, in course order."""
        for module in self.modules:
            for lesson, done in module.lessons:
                if not done:
                    return lesson
            for quiz, result in module.quizzes:
                if not result["passed"]:
                    return quiz
        for quiz, result in self.final_quizzes:
            if not result["passed"]:
                return quiz
        return None

    @property
    def remaining(self) -> list:
        """Everything still to do, in order."""
        todo = []
        for module in self.modules:
            todo += [lesson for lesson, done in module.lessons if not done]
            todo += [quiz for quiz, result in module.quizzes if not result["passed"]]
        todo += [quiz for quiz, result in self.final_quizzes if not result["passed"]]
        return todo


@dataclass
class CourseStructure:
    """The live modules, lessons and quizzes of the course, in course order (3 queries)."""

    course: CoursePage
    modules: list
    lessons: list
    quizzes: list

    @classmethod
    def load(cls, course: CoursePage) -> "CourseStructure":
        return cls(
            course=course,
            modules=list(ModulePage.objects.child_of(course).live().order_by("path")),
            lessons=list(LessonPage.objects.descendant_of(course).live().order_by("path")),
            quizzes=list(QuizPage.objects.descendant_of(course).live().order_by("path")),
        )

    @cached_property
    def placement(self) -> tuple[list, list]:
        """Lessons and quizzes as (item, its id, index of its module or None; -1: final exam),
        worked out once for all the students."""
        index = {module.path: i for i, module in enumerate(self.modules)}
        lessons = [
            (lesson, lesson.pk, index.get(lesson.path[: -lesson.steplen]))
            for lesson in self.lessons
        ]
        quizzes = []
        for quiz in self.quizzes:
            where = index.get(quiz.path[: -quiz.steplen])
            if where is None and quiz.depth == self.course.depth + 1:
                where = -1
            quizzes.append((quiz, quiz.pk, where))
        return lessons, quizzes

    @cached_property
    def assessment(self):
        """The syllabus's weighting as (weights, component_of quiz), or None without a syllabus.
        2 queries, once per structure."""
        from .models import SyllabusPage

        syllabus = SyllabusPage.objects.child_of(self.course).live().first()
        if syllabus is None:
            return None
        essays = set(syllabus.essay_quizzes.values_list("pk", flat=True))
        finals = {pk for _, pk, where in self.placement[1] if where == -1} - essays

        def component_of(quiz):
            if quiz.pk in essays:
                return "essay"
            return "final" if quiz.pk in finals else "quizzes"

        return syllabus.weights, component_of

    def progress(self, done: set, results: dict, enrolled: bool) -> CourseProgress:
        """One student's progress from the lessons they completed (ids) and their quiz results
        ({quiz id: result})."""
        modules = [ModuleProgress(module) for module in self.modules]
        lessons, quizzes = self.placement
        for lesson, pk, where in lessons:
            if where is not None:
                modules[where].lessons.append((lesson, pk in done))
        final = []
        for quiz, pk, where in quizzes:
            if where == -1:
                final.append((quiz, results[pk]))
            elif where is not None:
                modules[where].quizzes.append((quiz, results[pk]))
        return CourseProgress(self.course, enrolled, modules, final)


@dataclass
class ModuleMarks:
    """A student's marks for the items of one module page (ids of its lessons and quizzes)."""

    enrolled: bool
    progress: ModuleProgress
    done_ids: set

    def is_done(self, item_id: int) -> bool:
        return item_id in self.done_ids


def module_marks(user, item_ids) -> ModuleMarks:
    """Which of a module's lessons the student completed and which quizzes they passed, for the
    check marks and the progress line of the module page (at most 6 queries)."""
    item_ids = list(item_ids)
    enrolled = Enrolment.objects.filter(user=user).exists()
    quizzes = list(QuizPage.objects.filter(pk__in=item_ids).order_by("path"))
    quiz_ids = {quiz.pk for quiz in quizzes}
    lesson_ids = [pk for pk in item_ids if pk not in quiz_ids]
    completed = set(
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    results = quiz_results(user, quizzes) if quizzes else {}
    progress = ModuleProgress(
        module=None,
        lessons=[(pk, pk in completed) for pk in lesson_ids],
        quizzes=[(quiz, results[quiz.pk]) for quiz in quizzes],
    )
    passed = {quiz.pk for quiz in quizzes if results[quiz.pk]["passed"]}
    return ModuleMarks(enrolled, progress, completed | passed)


def student_progress(user) -> CourseProgress:
    """A student's progress through the course, in a fixed number of queries (at most 7)."""
    course = get_course()
    if course is None:
        return CourseProgress(None, False, [], [])
    structure = CourseStructure.load(course)
    done = set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))
    results = quiz_results(user, structure.quizzes)
    enrolled = Enrolment.objects.filter(user=user, course=course).exists()
    return structure.progress(done, results, enrolled)


def students_progress(
    user_ids, *, structure: CourseStructure | None = None, results=None, users=None
) -> dict[int, CourseProgress]:
    """``student_progress`` of many students at once: {user id: CourseProgress}.

    A fixed number of queries whatever the number of students (at most 7; fewer when the
    caller passes the ``structure`` and the quiz ``results`` {(user id, quiz id): result} it has
    already loaded). ``users``: optionally a queryset of the same ids, used in SQL instead of
    the list (for very long lists).
    """
    user_ids = list(user_ids)
    if structure is None:
        course = get_course()
        if course is None:
            return {pk: CourseProgress(None, False, [], []) for pk in user_ids}
        structure = CourseStructure.load(course)
    source = user_ids if users is None else users
    done: dict[int, set] = {pk: set() for pk in user_ids}
    for user_id, lesson_id in LessonCompletion.objects.filter(
        user_id__in=source, lesson_id__in=[lesson.pk for lesson in structure.lessons]
    ).values_list("user_id", "lesson_id"):
        if user_id in done:
            done[user_id].add(lesson_id)
    if results is None:
        results = quiz_results_for_users(user_ids, structure.quizzes, users=users)
    enrolled = set(
        Enrolment.objects.filter(user_id__in=source, course=structure.course).values_list(
            "user_id", flat=True
        )
    )
    quiz_ids = [quiz.pk for quiz in structure.quizzes]
    return {
        pk: structure.progress(
            done[pk], {quiz_id: results[(pk, quiz_id)] for quiz_id in quiz_ids}, pk in enrolled
        )
        for pk in user_ids
    }


def student_home(user) -> dict:
    """Context of the student home page."""
    return {"progress": student_progress(user)}


def certificate_by_code(code: str):
    from .models import Certificate

    return (
        Certificate.objects.select_related("course").filter(code=code.strip().upper()[:20]).first()
    )


def syllabus_context(syllabus) -> dict:
    """What the syllabus page shows: weeks, outcomes, modules with workload. 4 queries."""
    from django.db.models import Count

    course = syllabus.get_parent()
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    weeks = list(syllabus.weeks.select_related("quiz").order_by("sort_order"))
    outcomes = list(
        syllabus.outcomes.order_by("sort_order")
        .prefetch_related("modules")
        .annotate(question_count=Count("questions"))
    )
    return {
        "weeks": weeks,
        "outcomes": outcomes,
        "modules": modules,
        "total_hours": sum(m.workload_hours for m in modules),
        "weights": syllabus.weights,
    }
