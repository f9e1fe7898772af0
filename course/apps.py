from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.apps import apps

    from .roles import sync_roles

    sync_roles(apps)


def _pages_changed(sender, **kwargs):
    from lessons.selectors import bump_content_version

    bump_content_version()


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = _("course")

    def ready(self):
        # Runs after every migrate, once all apps' permissions exist (see course.roles).
        post_migrate.connect(_sync_roles, dispatch_uid="course.sync_roles")
        # Essays marked and grades overridden become notices to the student (course.notices).
        from quizzes.models import AuditEntry

        from .notices import on_audit_entry

        post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="course.notices")
        # Cached pages (course.pagecache) are keyed by the content version: publishing,
        # unpublishing, moving or deleting a page or a view restriction refreshes them.
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        page_published.connect(_pages_changed, dispatch_uid="course.pages.published")
        page_unpublished.connect(_pages_changed, dispatch_uid="course.pages.unpublished")
        post_page_move.connect(_pages_changed, dispatch_uid="course.pages.moved")
        post_delete.connect(_pages_changed, sender=Page, dispatch_uid="course.pages.deleted")
        for signal in (post_save, post_delete):
            signal.connect(
                _pages_changed, sender=PageViewRestriction, dispatch_uid=f"course.pvr.{signal}"
            )
