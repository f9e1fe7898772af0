"""The two roles of the course, Students and Instructors, and what each may do.

The groups are created by a data migration (``course/migrations/0002_roles.py``); because later
migrations add models (snippets, quiz models) whose permissions only exist once they are migrated,
``sync_roles`` also runs after every ``migrate`` and grants instructors the permissions of the
models listed here. Students get no permission at all: they cannot enter the admin.
"""

STUDENTS = "Students"
INSTRUCTORS = "Instructors"
# Teaching assistants enter the admin to grade; they see their cohorts only (course.cohorts).
TEACHING_ASSISTANTS = "Teaching assistants"
TEACHING_ASSISTANT_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("quizzes", "grade_attempts"),
]

# (app_label, model) whose add/change/delete/view permissions instructors need for the course.
INSTRUCTOR_MODELS = [
    ("lessons", "source"),
    ("lessons", "glossaryterm"),
    ("lessons", "place"),
    ("lessons", "route"),
    ("lessons", "event"),
    ("lessons", "dataseries"),
    ("quizzes", "questioncategory"),
    ("quizzes", "question"),
    ("course", "cohort"),
    ("course", "accommodation"),
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
]
# Page permissions instructors hold on the whole tree (granted on the root page).
INSTRUCTOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Collection permissions for images and documents (granted on the root collection).
INSTRUCTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
# Other permissions by (app_label, codename); the gradebook permission arrives with quizzes.
INSTRUCTOR_EXTRA_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("quizzes", "grade_attempts"),
]


def sync_roles(apps) -> None:
    """Create both groups if missing and give instructors every permission listed above.

    Idempotent; only adds. ``apps`` is a migration state's registry or ``django.apps.apps``.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=STUDENTS)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)

    wanted = []
    for app_label, model in INSTRUCTOR_MODELS:
        wanted += list(
            Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )
    for app_label, codename in INSTRUCTOR_EXTRA_PERMISSIONS:
        wanted += list(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    instructors.permissions.add(*wanted)
    assistants, _ = Group.objects.get_or_create(name=TEACHING_ASSISTANTS)
    for app_label, codename in TEACHING_ASSISTANT_PERMISSIONS:
        assistants.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )

    try:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return
    # Only ids: wagtail-modeltranslation adds its Page columns after this runs.
    root = Page.objects.filter(depth=1).values_list("pk", flat=True).first()
    if root is not None:
        for codename in INSTRUCTOR_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=instructors, page_id=root, permission=permission
                )
    collection = Collection.objects.filter(depth=1).values_list("pk", flat=True).first()
    if collection is not None:
        for app_label, codename in INSTRUCTOR_COLLECTION_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=instructors, collection_id=collection, permission=permission
                )
