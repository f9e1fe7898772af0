"""Issue 17's corrections, read back from the rendered pages in every language.

Each row is one corrected fact: the page where a student meets it, a phrase of the corrected text
that must be there and, where the old wording was wrong, a phrase of it that must be gone.
"""

import html
import io

import pytest
from django.core.management import call_command

LANGUAGES = ("en", "ru", "kk", "tr")
BUSINESS = "economy-trade-energy/turkish-business-investment-kz"
VISITS = "summits-and-institutions/high-level-visits-1998-2008"
MIGRATION = "diasporas/kazakh-migration-to-turkey"
ORGANISATIONS = "diasporas/kazakh-diaspora-organisations"
THEOLOGIANS = "common-roots/ottoman-theologians-in-the-steppe"
RELIGION = "culture-education-language/religion-alphabet-spiritual-ties"
TARGETS = "prospects-and-debates/targets-and-recommendations"
DEBATE = "prospects-and-debates/debating-turkic-integration"
EXERCISES = "defence-and-security/joint-exercises-and-balance"
TREATY = "recognition-and-foundations/turkestan-and-friendship-treaty-1993-1994"
ABOUT = "introduction/about-the-elective"
DISAGREE = "where-the-sources-disagree"

# (page, {language: phrase that must appear}, {language: phrase that must be gone})
FACTS = [
    # The accredited-firm and joint-venture counts are "current" (Karasaev et al. 2012).
    (
        BUSINESS,
        {
            "en": "probably the early 2010s",
            "ru": "вероятно, начало 2010-х",
            "kk": "шамасы, 2010 жылдардың басы",
            "tr": "büyük olasılıkla 2010'ların başı",
        },
        {
            "en": "over 30 Turkish companies were accredited in the country and over 90",
            "ru": "в стране было аккредитовано свыше 30 турецких компаний",
        },
    ),
    (
        VISITS,
        {
            "en": "most likely means the early 2010s",
            "ru": "скорее означает начало 2010-х",
            "kk": "2010 жылдардың басын білдіретін сияқты",
            "tr": "2010'ların başını kasteder",
        },
        {"en": "in the early 2000s more than 30 Turkish companies were accredited"},
    ),
    # Many families moved, without a mass relocation.
    (
        MIGRATION,
        {
            "en": "many families moved to independent Kazakhstan",
            "ru": "многие семьи переехали в независимый Казахстан",
            "kk": "көптеген отбасылар көшкенімен",
            "tr": "pek çok aile taşınsa da",
        },
        {
            "en": "few families moved",
            "ru": "лишь немногие семьи",
            "kk": "көшкен отбасылар аз болды",
            "tr": "az sayıda aile",
        },
    ),
    (
        ORGANISATIONS,
        {
            "en": "there was no mass relocation",
            "ru": "массового переселения не произошло",
            "kk": "жаппай қоныс аудару болған жоқ",
            "tr": "toplu bir göç olmadı",
        },
        {"en": "relatively few", "ru": "сравнительно немного семей"},
    ),
    # Places to live, not land; religious and humanitarian work.
    (
        THEOLOGIANS,
        {
            "en": "places to live",
            "ru": "места для проживания",
            "kk": "тұратын орын",
            "tr": "yaşayacakları yerler",
        },
        {"en": "land on which to settle", "ru": "землю для поселения", "kk": "қоныстанатын жер"},
    ),
    (
        RELIGION,
        {
            "en": "religious and humanitarian work",
            "ru": "религиозной и гуманитарной",
            "kk": "діни және гуманитарлық",
            "tr": "dini ve insani",
        },
        {"en": "in religion and education", "tr": "din ve eğitim alanında"},
    ),
    # Total, not proven, reserves.
    (
        TARGETS,
        {
            "en": "total oil reserves",
            "ru": "общие запасы нефти",
            "kk": "жалпы мұнай қоры",
            "tr": "Toplam petrol rezervleri",
        },
        {"en": "proven oil", "ru": "доказанные запасы", "tr": "Kanıtlanmış"},
    ),
    # Russia and China: "subsequently", after the first steps.
    (
        EXERCISES,
        {
            "en": "subsequently turned",
            "ru": "в дальнейшем уделял",
            "kk": "кейіннен Ресей",
            "tr": "ilk adımlarından (makale",
        },
        {"en": "from its first steps", "ru": "уже с первых шагов"},
    ),
    # Yilmaz quotes specialists; he does not say trade stalled himself.
    (
        DEBATE,
        {
            "en": "he quotes it from specialists",
            "ru": "он приводит мнение специалистов",
            "kk": "мамандардың пікірін келтіреді",
            "tr": "uzmanlardan aktarır",
        },
        {
            "en": "Yilmaz himself writes",
            "ru": "Сам Йылмаз пишет",
            "tr": "Yılmaz'ın kendisi de",
        },
    ),
    # Özal: no overconfident "not in doubt".
    (
        TREATY,
        {
            "en": "nothing outside it lets us check the first",
            "ru": "проверить первый",
            "kk": "біріншісін одан басқа",
            "tr": "ilkini makale dışında",
        },
        {
            "en": "What is not in doubt",
            "ru": "Несомненно одно",
            "kk": "күмән тудырмайды",
            "tr": "Kuşku götürmeyen",
        },
    ),
    # Two or three lessons per module.
    (
        ABOUT,
        {
            "en": "two or three lessons",
            "ru": "по два-три урока",
            "kk": "екі-үш сабақ",
            "tr": "iki ya da üç konudan",
        },
        {"en": "two to four lessons", "ru": "от двух до четырёх", "kk": "екіден төртке"},
    ),
    # One page gathers the disagreements.
    (
        DISAGREE,
        {
            "en": "Where the sources disagree",
            "ru": "Где источники расходятся",
            "kk": "Дереккөздер келіспейтін тұстар",
            "tr": "Kaynakların ayrıştığı noktalar",
        },
        {},
    ),
]


@pytest.mark.django_db
def test_each_corrected_fact_reads_right_in_every_language(client):
    """One load of the course, then every page of FACTS in every language (one clear list of
    what is wrong, rather than one test per fact: loading the course is the slow part)."""
    call_command("load_course", stdout=io.StringIO())
    problems = []
    for page, right, wrong in FACTS:
        for language in LANGUAGES:
            response = client.get(f"/{language}/{page}/")
            if response.status_code != 200:
                problems.append(f"{language}/{page}: status {response.status_code}")
                continue
            text = html.unescape(response.content.decode())
            if right[language] not in text:
                problems.append(f"{language}/{page}: missing {right[language]!r}")
            if language in wrong and wrong[language] in text:
                problems.append(f"{language}/{page}: still says {wrong[language]!r}")
    assert problems == []


@pytest.mark.django_db
def test_the_firm_chart_no_longer_draws_a_false_line():
    call_command("load_course", stdout=io.StringIO())
    from lessons.models import DataSeries

    series = DataSeries.objects.get(key="turkish-companies-kz")
    assert list(series.points.order_by("year").values_list("year", "value")) == [
        (1995, 150),
        (2007, 1674),
    ]
    assert "2012" in series.note_en and "2012" in series.note_ru
    assert "2012" in series.note_kk and "2012" in series.note_tr


@pytest.mark.django_db
def test_lessons_point_to_the_disagreements_page_and_it_is_on_the_course_page(client):
    call_command("load_course", stdout=io.StringIO())
    for language in LANGUAGES:
        lesson = client.get(f"/{language}/{BUSINESS}/").content.decode()
        assert f'href="/{language}/where-the-sources-disagree/"' in lesson
        home = client.get(f"/{language}/").content.decode()
        assert f'href="/{language}/where-the-sources-disagree/"' in home
