"""Admin URLs of the instructors' quiz views, under /admin/gradebook/ (see wagtail_hooks)."""

from django.urls import path

from . import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("essays/", admin_views.GradingQueueView.as_view(), name="grading"),
    path("answers/<int:pk>/mark/", admin_views.MarkAnswerView.as_view(), name="mark"),
    path(
        "override/<int:user_id>/<int:quiz_id>/",
        admin_views.OverrideView.as_view(),
        name="override",
    ),
    path(
        "override/<int:user_id>/<int:quiz_id>/remove/",
        admin_views.RemoveOverrideView.as_view(),
        name="override_remove",
    ),
    path("regrade/question/<int:pk>/", admin_views.RegradeView.as_view(), name="regrade"),
    path("statistics/", admin_views.StatisticsIndexView.as_view(), name="statistics_index"),
    path("statistics/<int:pk>/", admin_views.StatisticsView.as_view(), name="statistics"),
    path("audit/", admin_views.AuditTrailView.as_view(), name="audit"),
]
