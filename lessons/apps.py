from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _content_changed(sender, **kwargs):
    from .selectors import bump_content_version

    bump_content_version()


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("lessons")

    def ready(self):
        # Cached lesson bodies show these models: any change refreshes them (see selectors).
        for name in ("Source", "GlossaryTerm", "Place", "Route", "Event", "DataSeries"):
            model = self.get_model(name)
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"lessons.{name}.save")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"lessons.{name}.del")
