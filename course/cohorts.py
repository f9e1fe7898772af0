"""Who an instructor or a teaching assistant sees: the cohort rules, in one place.

Instructors (and superusers) see every student; a teaching assistant sees the students of the
cohorts they assist, and only those. Both may narrow the view to one cohort (``?cohort=``). The
gradebook, the essay queue, statistics, the audit trail and the exports all ask
``visible_students`` (the quiz engine through ``quizzes.admin_views.student_scope``).
"""

from .models import Cohort, CohortMember
from .roles import INSTRUCTORS


def is_instructor(user) -> bool:
    return user.is_superuser or user.groups.filter(name=INSTRUCTORS).exists()


def cohorts_for(user):
    """The cohorts ``user`` may look at (all for instructors, their own for assistants)."""
    cohorts = Cohort.objects.all()
    if not is_instructor(user):
        cohorts = cohorts.filter(teaching_assistants=user)
    return cohorts.order_by("name")


def visible_students(user, cohort=None):
    """None when ``user`` sees every student; else a queryset of the user ids they see.

    ``cohort`` (an id, or None) narrows the view to that cohort, if ``user`` may see it.
    """
    cohort_id = _int(cohort)
    if is_instructor(user) and cohort_id is None:
        return None
    cohorts = cohorts_for(user)
    if cohort_id is not None:
        cohorts = cohorts.filter(pk=cohort_id)
    return CohortMember.objects.filter(cohort__in=cohorts).values_list("user_id", flat=True)


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
