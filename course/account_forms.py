"""Forms of the students' account pages: registration with an enrolment key, preferences."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .models import Cohort, StudentProfile


class RegistrationForm(forms.Form):
    """Self-registration: the enrolment key says which cohort (Moodle's model)."""

    enrolment_key = forms.CharField(label=_("Enrolment key"), max_length=50,
                                    help_text=_("Your instructor gives it to the class."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(
        render_value=False, attrs={"autocomplete": "new-password"}), strip=False)

    def clean_enrolment_key(self):
        key = self.cleaned_data["enrolment_key"].strip()
        cohort = Cohort.objects.filter(
            enrolment_key=key, self_registration=True
        ).select_related("course").first()
        if cohort is None:
            raise forms.ValidationError(
                _("This enrolment key is not valid, or registration is closed.")
            )
        self.cohort = cohort
        return key

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address exists already. Log in, or reset "
                  "your password if you forgot it.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PreferencesForm(forms.ModelForm):
    """The language chosen once and kept, and whether to get reminders."""

    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)

    class Meta:
        model = StudentProfile
        fields = ["language", "reminders"]
