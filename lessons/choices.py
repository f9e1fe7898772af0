"""Choices shared by the lesson models and blocks (module constants, one place)."""

from django.utils.translation import gettext_lazy as _

EVENT_CATEGORIES = [
    ("diplomacy", _("Diplomacy")),
    ("economy", _("Economy and energy")),
    ("culture", _("Culture and education")),
    ("diaspora", _("Diasporas")),
    ("defence", _("Defence and security")),
    ("multilateral", _("Multilateral")),
]

DATE_PRECISIONS = [
    ("year", _("Year")),
    ("month", _("Month")),
    ("day", _("Day")),
]

PLACE_KINDS = [
    ("city", _("City")),
    ("region", _("Region")),
    ("site", _("Site")),
]

HEADING_LEVELS = [("h2", _("Section heading")), ("h3", _("Subsection heading"))]
CHART_KINDS = [("bar", _("Bars")), ("line", _("Line"))]
