"""One date format and one date-time format per language, used by every page (FORMAT_MODULE_PATH).

Django's own locale formats differ between the long and the short forms ("Dec. 3, 2026" next to
"12/03/2026") and Kazakh has none (it fell back to English with Kazakh month abbreviations). Here
the short forms are the long ones, times are 24-hour, and anything not set here (numbers, input
formats) stays Django's.
"""
