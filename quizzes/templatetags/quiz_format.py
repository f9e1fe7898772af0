"""How grades read, in one place: quiz page, review, student home and gradebook all use it.

``{{ value|percent }}``: at most one decimal, shown only when needed (91.67 -> 91.7, 92.00 ->
92), with the language's decimal separator and its way of writing a percentage ("91.7%",
"91,7 %", "%91,7"). For display only: markup that code reads gets plain numbers, never this.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext

register = template.Library()


def format_percent(value) -> str:
    """``value`` (a number of percent, or None) as the interface shows a grade."""
    if value is None or value == "":
        return "—"
    # Translators: a percentage; %(number)s is the number, e.g. "91.7%" (Turkish: "%91,7").
    return gettext("%(number)s%%") % {"number": floatformat(value, -1)}


@register.filter
def percent(value) -> str:
    return format_percent(value)
