"""Which lessons a student completed: the course owns the fact, the trainer only reads it.

Cards unlock as lessons are completed, and completion rows belong to the course app, which sits
above this one. To keep imports pointing down, nothing here imports ``course``: the course may
provide ``course.access.completed_lesson_ids(user)`` (looked up at run time, the way
``quizzes.services.course_allows_start`` asks the course); until it does, the completion rows
are read through the app registry (``course.LessonCompletion``: a run-time lookup, no import).
Without the course app, no lesson counts as completed.
"""

import importlib

from django.apps import apps


def completed_lesson_ids(user) -> set[int]:
    """Ids of the lessons ``user`` marked complete (one query)."""
    if not user.is_authenticated:
        return set()
    try:
        access = importlib.import_module("course.access")
    except ModuleNotFoundError:
        access = None
    hook = getattr(access, "completed_lesson_ids", None)
    if hook is not None:
        return set(hook(user))
    try:
        completion = apps.get_model("course", "LessonCompletion")
    except LookupError:
        return set()
    return set(completion.objects.filter(user=user).values_list("lesson_id", flat=True))
