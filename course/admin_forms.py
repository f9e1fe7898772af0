"""Admin forms of the class models: choices limited to the people who fit the field."""

from django import forms
from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm

from .roles import INSTRUCTORS, STUDENTS, TEACHING_ASSISTANTS


class CohortForm(WagtailAdminModelForm):
    """Teaching assistants are chosen among the assistants and instructors (ticks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("teaching_assistants")
        if field is not None:
            field.queryset = get_user_model().objects.filter(
                groups__name__in=[TEACHING_ASSISTANTS, INSTRUCTORS]
            ).distinct().order_by("last_name", "first_name", "username")
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


class AccommodationForm(WagtailAdminModelForm):
    """The student is chosen among students (by name, with the username)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("user")
        if field is not None:
            field.queryset = get_user_model().objects.filter(
                groups__name=STUDENTS
            ).order_by("last_name", "first_name", "username")
            field.label_from_instance = (
                lambda u: f"{u.get_full_name() or u.get_username()} ({u.get_username()})"
            )
