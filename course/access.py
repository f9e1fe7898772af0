"""Who may do what in the course: decided here, in one place.

Lessons are open to everyone (an open textbook); progress needs an account and an enrolment.
Quizzes ask ``can_start_quiz`` before an attempt starts (``quizzes.services.course_allows_start``
looks this module up, so the quizzes app does not import the course).
"""

from .models import Enrolment


def can_start_quiz(user, quiz) -> bool:
    """Enrolled students may take quizzes; instructors (who grade) may try them too."""
    if not user.is_authenticated:
        return False
    if user.has_perm("quizzes.grade_attempts"):
        return True
    return Enrolment.objects.filter(user=user).exists()


def can_see_seminar_guide(user) -> bool:
    """The syllabus's seminar guide is for those who teach: the instructors (who grade)."""
    return user.is_authenticated and user.has_perm("quizzes.grade_attempts")
