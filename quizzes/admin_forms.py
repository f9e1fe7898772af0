"""Forms of the instructors' views: marks for an answer, a grade override, a reason.

Numbers are taken as typed (a comma is a decimal separator too) and checked here, so that bad
input comes back with a clear message next to the field and what was typed kept; the services
check the same rules again.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import plain_number

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "gradebook-number"}


def parse_decimal(raw: str) -> Decimal | None:
    """``raw`` as a Decimal ("7,5" and " 7.5 " too), or None when it is not a finite number."""
    try:
        value = Decimal((raw or "").strip().replace(",", ".").replace("\u2212", "-"))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class MarkForm(forms.Form):
    """Marks (0..the question's points) and feedback for one answer."""

    score = forms.CharField(label=_("Marks"), max_length=20, widget=forms.TextInput(NUMBER_ATTRS))
    feedback = forms.CharField(
        label=_("Feedback to the student"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, points: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        self.fields["score"].help_text = _("A number from 0 to %(points)s.") % {
            "points": plain_number(points)
        }
        self.fields["score"].error_messages["required"] = _("Enter the marks.")

    def clean_score(self):
        raw = self.cleaned_data["score"]
        value = parse_decimal(raw)
        if value is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a number. Enter the marks as a number from 0 to %(points)s."),
                params={"value": raw[:40], "points": plain_number(self.points)},
            )
        if not 0 <= value <= self.points:
            raise forms.ValidationError(
                _("The marks must be between 0 and %(points)s (the question's points)."),
                params={"points": plain_number(self.points)},
            )
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Use at most two decimals."))
        return value


class OverrideForm(forms.Form):
    """An instructor's grade for a student at a quiz, and why."""

    percent = forms.CharField(
        label=_("Grade (%)"), max_length=20, widget=forms.TextInput(NUMBER_ATTRS),
        help_text=_("A number from 0 to 100. It replaces the grade computed from the attempts."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. Recorded in the audit trail with your name and the time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].error_messages["required"] = _("Enter the grade.")
        self.fields["reason"].error_messages["required"] = _("Give the reason for the override.")

    def clean_percent(self):
        raw = self.cleaned_data["percent"]
        value = parse_decimal(raw.rstrip("% "))
        if value is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a number. Enter the grade as a number from 0 to 100."),
                params={"value": raw[:40]},
            )
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("The grade must be between 0 and 100."))
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Use at most two decimals."))
        return value

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the override."))
        return reason


class ReasonForm(forms.Form):
    """An optional note for the audit trail (removing an override, resetting attempts...)."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail."),
    )
