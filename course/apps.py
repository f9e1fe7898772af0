from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.apps import apps

    from .roles import sync_roles

    sync_roles(apps)


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = _("course")

    def ready(self):
        # Runs after every migrate, once all apps' permissions exist (see course.roles).
        post_migrate.connect(_sync_roles, dispatch_uid="course.sync_roles")
