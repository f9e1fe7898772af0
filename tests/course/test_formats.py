"""One date format and one date-time format per language (course/formats), on every page."""

import datetime

import pytest
from django.utils import formats, translation

WHEN = datetime.datetime(2026, 12, 3, 14, 19)

EXPECTED = {
    "en": ("3 December 2026", "3 December 2026, 14:19"),
    "ru": ("3 декабря 2026 г.", "3 декабря 2026 г., 14:19"),
    "kk": ("3 желтоқсан 2026", "3 желтоқсан 2026, 14:19"),
    "tr": ("3 Aralık 2026", "3 Aralık 2026 14:19"),
}


@pytest.mark.parametrize("language", EXPECTED)
def test_one_date_and_one_date_time_format_per_language(language):
    date, date_time = EXPECTED[language]
    with translation.override(language):
        assert formats.date_format(WHEN, "DATE_FORMAT") == date
        assert formats.date_format(WHEN, "SHORT_DATE_FORMAT") == date
        assert formats.date_format(WHEN, "DATETIME_FORMAT") == date_time
        assert formats.date_format(WHEN, "SHORT_DATETIME_FORMAT") == date_time


@pytest.mark.parametrize("language", ["ru", "tr"])
def test_numbers_keep_djangos_locale_formats(language):
    with translation.override(language):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","


@pytest.mark.django_db
@pytest.mark.parametrize("language", EXPECTED)
def test_certificate_check_shows_the_date_in_the_format_of_the_language(client, language):
    from django.utils import timezone

    from course.models import Certificate
    from tests.factories import make_course, make_student

    certificate = Certificate.objects.create(
        user=make_student(), course=make_course(), code="ABCD1234", holder_name="Aigerim"
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=timezone.make_aware(WHEN, datetime.UTC)
    )
    html = client.get(f"/{language}/certificate/ABCD1234/").content.decode()
    assert EXPECTED[language][0] in html
