"""Kazakh: "3 желтоқсан 2026", "3 желтоқсан 2026, 14:19" (lower-case month names: the "alt. month"
entries of locale/kk/LC_MESSAGES/django.po)."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
