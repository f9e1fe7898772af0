"""Choices of the quiz models (module constants, one place)."""

from django.utils.translation import gettext_lazy as _

SINGLE = "single"
MULTIPLE = "multiple"
TRUEFALSE = "truefalse"
SHORT = "short"
NUMERIC = "numeric"
ORDERING = "ordering"
MATCHING = "matching"
MAPPOINT = "mappoint"
ESSAY = "essay"

# The codes are those of ``quizzes.grading.QUESTION_TYPES`` and of the content files.
QUESTION_TYPES = [
    (SINGLE, _("Single choice")),
    (MULTIPLE, _("Multiple response")),
    (TRUEFALSE, _("True or false")),
    (SHORT, _("Short answer")),
    (NUMERIC, _("Numeric")),
    (ORDERING, _("Ordering")),
    (MATCHING, _("Matching")),
    (MAPPOINT, _("Point on a map")),
    (ESSAY, _("Essay")),
]
# Types whose answer key is a list of options (ordering: the items in their correct order).
OPTION_TYPES = (SINGLE, MULTIPLE, ORDERING)

TOLERANCE_KINDS = [
    ("absolute", _("Absolute (± the tolerance)")),
    ("relative", _("Relative (0.05 = ± 5 %)")),
]

HIGHEST, AVERAGE, FIRST, LAST = "highest", "average", "first", "last"
GRADING_METHODS = [
    (HIGHEST, _("Highest grade")),
    (AVERAGE, _("Average grade")),
    (FIRST, _("First attempt")),
    (LAST, _("Last attempt")),
]

IN_PROGRESS, SUBMITTED = "in_progress", "submitted"
ATTEMPT_STATES = [
    (IN_PROGRESS, _("In progress")),
    (SUBMITTED, _("Submitted")),
]

# What a student may see on the review page; each is a checkbox per moment (see QuizPage).
REVIEW_PARTS = [
    ("answers", _("their answers")),
    ("correctness", _("whether each answer is correct")),
    ("marks", _("marks")),
    ("feedback", _("feedback")),
    ("right_answer", _("the right answer")),
]
REVIEW_MOMENTS = [
    ("after", _("Right after the attempt")),  # within REVIEW_IMMEDIATE of submitting (Moodle)
    ("open", _("Later, while the quiz is still open")),
    ("closed", _("After the quiz closes")),
]
# While a student may start another attempt, these are held back whatever the moment says
# (unless the quiz turns that off): the next attempt asks the same questions.
WITHHELD_WHILE_ATTEMPTS_LEFT = ("correctness", "feedback", "right_answer")

# What an instructor did, as recorded in the audit trail (``quizzes.AuditEntry.action``).
OVERRIDE_SET = "override_set"
OVERRIDE_REMOVED = "override_removed"
ANSWER_GRADED = "answer_graded"
REGRADED = "regraded"
ATTEMPTS_RESET = "attempts_reset"
ENROLLED = "enrolled"
UNENROLLED = "unenrolled"
ACCOMMODATION_SET = "accommodation_set"
ACCOMMODATION_REMOVED = "accommodation_rm"
STUDENT_DELETED = "student_deleted"
ROSTER_IMPORTED = "roster_imported"
AUDIT_ACTIONS = [
    (OVERRIDE_SET, _("Grade overridden")),
    (OVERRIDE_REMOVED, _("Override removed")),
    (ANSWER_GRADED, _("Answer marked")),
    (REGRADED, _("Regraded")),
    (ATTEMPTS_RESET, _("Attempts reset")),
    (ENROLLED, _("Enrolled")),
    (UNENROLLED, _("Enrolment removed")),
    (ACCOMMODATION_SET, _("Accommodation set")),
    (ACCOMMODATION_REMOVED, _("Accommodation removed")),
    (STUDENT_DELETED, _("Student deleted with their data")),
    (ROSTER_IMPORTED, _("Roster imported")),
]
