"""The instructors' report in the Wagtail admin: per module, the facts the class forgets most.

Aggregates only (``selectors.class_forgetting``): a card is listed once enough students reviewed
it, and no student is named. Open to those who grade (the quizzes' ``InstructorView`` rule).
"""

from django.utils.translation import gettext_lazy

from quizzes.admin_views import InstructorView

from . import selectors


class ForgettingView(InstructorView):
    template_name = "practice/admin/forgetting.html"
    page_title = gettext_lazy("What the class forgets")
    header_icon = "resubmit"

    def get(self, request):
        return self.render(
            modules=selectors.class_forgetting(), min_students=selectors.CLASS_MIN_STUDENTS
        )
