"""Create the Students and Instructors groups (permissions: see course.roles.sync_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from django.apps import apps as global_apps

    from course.roles import sync_roles

    # Permissions are normally created after all migrations; make sure those we grant exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Students", "Instructors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("lessons", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
