"""Test data builders: only the data a test needs. Add new builders at the end; keep these stable."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from course.models import CoursePage, ModulePage
from course.roles import INSTRUCTORS, STUDENTS
from lessons.models import LessonPage

_counter = itertools.count(1)


def make_user(username=None, group=STUDENTS, password="pass-1234-word", **extra):
    """A user in the Students (default) or Instructors group; password 'pass-1234-word'."""
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username, password=password, email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def make_student(username=None, **extra):
    return make_user(username, STUDENTS, **extra)


def make_instructor(username=None, **extra):
    return make_user(username, INSTRUCTORS, **extra)


def make_course(title="Test course", **fields) -> CoursePage:
    """The course page as the default site's root (replacing Wagtail's welcome page)."""
    existing = CoursePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    course = CoursePage(title=title, slug="course", title_en=title, **fields)
    root.add_child(instance=course)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = course
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=course, is_default_site=True)
    return course


def make_module(course=None, title=None, **fields) -> ModulePage:
    course = course or make_course()
    n = next(_counter)
    title = title or f"Module {n}"
    module = ModulePage(title=title, title_en=title, slug=fields.pop("slug", f"module-{n}"), **fields)
    course.add_child(instance=module)
    return module


def make_lesson(module=None, title=None, **fields) -> LessonPage:
    module = module or make_module()
    n = next(_counter)
    title = title or f"Lesson {n}"
    lesson = LessonPage(title=title, title_en=title, slug=fields.pop("slug", f"lesson-{n}"), **fields)
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson
