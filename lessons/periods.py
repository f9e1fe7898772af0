"""The historical periods drawn as bands on the timeline and offered as quick filters.

Structural context rather than course data (the events are the data): the states and eras in which
the course's events happen. Row 0 is the Turkish side, row 1 the Kazakh side. Years are the
conventional ones (Ottoman Empire 1299–1922; USSR 1922–1991; Kazakhstan's independence 1991).
"""

from django.utils.translation import gettext_lazy as _

from .visuals import Period

PERIODS = [
    Period("ottoman", _("Ottoman Empire"), 1299, 1922, row=0),
    Period("turkey", _("Republic of Turkey"), 1923, None, row=0),
    Period("khanate", _("Kazakh Khanate"), 1465, 1847, row=1),
    Period("soviet", _("Soviet Union"), 1922, 1991, row=1),
    Period("independence", _("Independent Kazakhstan"), 1991, None, row=1),
]

# Historical borders drawn on the atlas, approximated by today's Natural Earth outlines of the
# states that made them up (so marked approximate): years during which each layer applies.
SOVIET_REPUBLICS = (
    "Russia", "Ukraine", "Belarus", "Moldova", "Estonia", "Latvia", "Lithuania", "Georgia",
    "Armenia", "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan",
)  # fmt: skip

CONTEXT_LAYERS = [
    {"key": "ussr", "label": _("USSR, 1922–1991 (approximate borders)"), "start": 1922,
     "end": 1991, "countries": SOVIET_REPUBLICS},
    {"key": "kazssr", "label": _("Kazakh SSR, 1936–1991 (approximate borders)"), "start": 1936,
     "end": 1991, "countries": ("Kazakhstan",)},
]  # fmt: skip
