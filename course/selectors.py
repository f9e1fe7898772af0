"""Reads for the course app: what a student sees of the course. A fixed number of queries."""

from .models import CoursePage, Enrolment, ModulePage


def get_course() -> CoursePage | None:
    """The elective (there is one per site)."""
    return CoursePage.objects.live().first()


def student_home(user) -> dict:
    """Context of the student home page: the course and its modules in order."""
    course = get_course()
    modules = []
    if course is not None:
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    return {"course": course, "modules": modules}


def is_enrolled(user) -> bool:
    return user.is_authenticated and Enrolment.objects.filter(user=user).exists()
