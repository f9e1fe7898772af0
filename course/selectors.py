"""Reads for the course app: what a student sees of the course and of their progress.

Progress is derived, never stored: completion rows and graded attempts are the facts; the
percentages below are computed from them with a fixed number of queries (see student_progress).
"""

from dataclasses import dataclass, field

from lessons.models import LessonPage
from quizzes.models import QuizPage
from quizzes.selectors import quiz_results

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


def student_progress(user) -> CourseProgress:
    """A student's progress through the course, in a fixed number of queries (at most 7)."""
    course = get_course()
    if course is None:
        return CourseProgress(None, False, [], [])
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    quizzes = list(QuizPage.objects.descendant_of(course).live().order_by("path"))
    done = set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))
    results = quiz_results(user, quizzes)
    enrolled = Enrolment.objects.filter(user=user, course=course).exists()

    by_path = {module.path: ModuleProgress(module) for module in modules}
    for lesson in lessons:
        parent = by_path.get(lesson.path[: -lesson.steplen])
        if parent is not None:
            parent.lessons.append((lesson, lesson.pk in done))
    final = []
    for quiz in quizzes:
        parent = by_path.get(quiz.path[: -quiz.steplen])
        if parent is not None:
            parent.quizzes.append((quiz, results[quiz.pk]))
        elif quiz.depth == course.depth + 1:
            final.append((quiz, results[quiz.pk]))
    return CourseProgress(course, enrolled, list(by_path.values()), final)


def student_home(user) -> dict:
    """Context of the student home page."""
    return {"progress": student_progress(user)}


def certificate_by_code(code: str):
    from .models import Certificate

    return (
        Certificate.objects.select_related("course").filter(code=code.strip().upper()[:20]).first()
    )
