"""Admin URLs of the course's instructor views (see course.wagtail_hooks)."""

from django.urls import path

from . import admin_locks, admin_views, class_admin_views, two_factor

app_name = "course_admin"

urlpatterns = [
    path("gradebook/", admin_views.GradebookView.as_view(), name="gradebook"),
    path("gradebook/student/<int:user_id>/", admin_views.StudentView.as_view(), name="student"),
    path("gradebook/export.csv", admin_views.ExportView.as_view(), name="export"),
    path("gradebook/moodle.csv", admin_views.MoodleExportView.as_view(), name="export_moodle"),
    path("students/", admin_views.StudentsView.as_view(), name="students"),
    path("locked-logins/", admin_locks.LockedLoginsView.as_view(), name="locked_logins"),
    path("two-factor/", two_factor.TwoFactorView.as_view(), name="two_factor"),
    path("students/enrol/", admin_views.EnrolSearchView.as_view(), name="enrol"),
    path("students/<int:user_id>/enrol/", admin_views.EnrolView.as_view(), name="enrol_confirm"),
    path("students/<int:user_id>/remove/", admin_views.UnenrolView.as_view(), name="unenrol"),
    path("students/<int:user_id>/reset/", admin_views.ResetChooseView.as_view(), name="reset"),
    path(
        "students/<int:user_id>/reset/<int:quiz_id>/",
        admin_views.ResetView.as_view(),
        name="reset_confirm",
    ),
    path("students/import/", class_admin_views.RosterImportView.as_view(), name="roster_import"),
    path("students/invitations/", class_admin_views.InvitationsView.as_view(),
         name="invitations"),
    path("students/<int:user_id>/delete/", class_admin_views.DeleteStudentView.as_view(),
         name="delete_student"),
]
