"""Roster import: a class list (CSV or XLSX) becomes accounts, enrolments and cohort places.

Two steps, as instructors expect from Moodle's "Upload users": ``read_roster`` reads the file
and ``plan_roster`` says what each row would do (create, update, already enrolled, rejected and
why) without writing anything; ``apply_roster`` then writes every valid row in one transaction.
Running it again with the same file finds every row "already enrolled" and writes nothing.

Files: CSV in UTF-8 (with or without a byte-order mark), Windows-1251 (Russian and Kazakh
spreadsheets) or Windows-1254 (Turkish ones), separated by commas, semicolons or tabs; or the
first sheet of an XLSX workbook. The first row names the columns, in any of the four languages
(``COLUMNS``): a name (or first and last name) and an e-mail are required; student number,
cohort and language are optional.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from quizzes.choices import ROSTER_IMPORTED
from quizzes.services import audit

from .models import Cohort, CohortMember, CoursePage, Enrolment, StudentProfile
from .roles import STUDENTS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
OUTCOMES = {
    CREATE: _("create"),
    UPDATE: _("update"),
    UNCHANGED: _("already enrolled"),
    REJECTED: _("rejected"),
}

# Column headings understood, normalised (lower case, no punctuation), in en, ru, kk and tr.
COLUMNS = {
    "name": {"name", "full name", "fullname", "student", "student name", "фио", "имя фамилия",
             "фамилия имя", "фамилия имя отчество", "студент", "аты жөні", "аты-жөні",
             "толық аты", "ad soyad", "adı soyadı", "ad soyadı", "isim", "öğrenci", "isim soyisim"},
    "first_name": {"first name", "firstname", "given name", "имя", "аты", "ad", "adı"},
    "last_name": {"last name", "lastname", "surname", "family name", "фамилия", "тегі",
                  "soyad", "soyadı", "soyadi"},
    "email": {"email", "e-mail", "e mail", "mail", "email address", "e-mail address",
              "электронная почта", "эл почта", "почта", "электрондық пошта", "пошта", "e-posta",
              "eposta", "e posta", "e-posta adresi"},
    "student_number": {"student number", "student id", "id number", "number", "номер",
                       "номер студента", "студенческий номер", "студенческий билет",
                       "студент нөмірі", "нөмірі", "öğrenci no", "öğrenci numarası", "numara",
                       "öğrenci numarasi"},
    "cohort": {"cohort", "group", "section", "группа", "поток", "топ", "grup", "şube", "sube",
               "sınıf"},
    "language": {"language", "lang", "язык", "тіл", "dil"},
}


class RosterError(Exception):
    """The file as a whole cannot be used (unreadable, no rows, required columns missing)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class RosterRow:
    """One row of the file and what importing it does."""

    line: int
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    student_number: str = ""
    cohort_name: str = ""
    language: str = ""
    outcome: str = ""
    messages: list = field(default_factory=list)
    user: object = None
    cohort: object = None
    changes: list = field(default_factory=list)

    @property
    def outcome_label(self):
        return OUTCOMES.get(self.outcome, self.outcome)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class RosterPlan:
    rows: list

    def count(self, outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    @property
    def has_rejected(self) -> bool:
        return self.count(REJECTED) > 0

    @property
    def has_changes(self) -> bool:
        return self.count(CREATE) + self.count(UPDATE) > 0


# ----------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------


def _normal(heading) -> str:
    text = unicodedata.normalize("NFC", str(heading or "")).strip().lower()
    text = text.replace("\ufeff", "").replace("_", " ").replace(".", " ")
    return re.sub(r"\s+", " ", text).strip()


def guess_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251 or Windows-1254.

    Russian and Kazakh text is made of whole words of non-ASCII letters; Turkish text has single
    non-ASCII letters between ASCII ones (ş, ğ, ı, ö, ü, ç). Which of the two fits the bytes
    better decides.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = [i for i, byte in enumerate(data) if byte >= 0x80]
    if not high:
        return "utf-8"
    in_runs = sum(
        1 for i in high
        if (i > 0 and data[i - 1] >= 0x80) or (i + 1 < len(data) and data[i + 1] >= 0x80)
    )
    return "cp1251" if in_runs / len(high) > 0.5 else "cp1254"


def _csv_rows(data: bytes, encoding: str | None) -> list[list[str]]:
    encoding = encoding or guess_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RosterError(
            _("The file could not be read as text in %(encoding)s. Save it as CSV (UTF-8) or "
              "XLSX and try again.") % {"encoding": encoding}
        ) from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise RosterError(_("This is not a CSV file. Upload a CSV or XLSX file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same to the user
        raise RosterError(_("The XLSX file could not be opened. Is it an Excel workbook?")) from exc
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else _cell_text(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a student number typed as a number
    return str(value)


def read_roster(data: bytes, filename: str = "", encoding: str | None = None) -> list[RosterRow]:
    """The rows of a class list file; raises ``RosterError`` when the file cannot be used."""
    if not data:
        raise RosterError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise RosterError(_("The file is larger than 5 MB."))
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        table = _csv_rows(data, encoding)
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise RosterError(_("The file is empty."))
    header = [_normal(cell) for cell in table[0]]
    index = {}
    for key, names in COLUMNS.items():
        for position, heading in enumerate(header):
            if heading in names and key not in index:
                index[key] = position
    missing = []
    if "email" not in index:
        missing.append(_("e-mail"))
    if "name" not in index and not ("first_name" in index and "last_name" in index):
        missing.append(_("name (or first name and last name)"))
    if missing:
        raise RosterError(
            _("The first row must name the columns; missing: %(columns)s. Found: %(found)s.")
            % {
                "columns": ", ".join(str(m) for m in missing),
                "found": ", ".join(c for c in table[0] if str(c).strip()) or "—",
            }
        )
    if len(table) - 1 > MAX_ROWS:
        raise RosterError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        def cell(key, cells=cells):
            position = index.get(key)
            if position is None or position >= len(cells):
                return ""
            return unicodedata.normalize("NFC", str(cells[position])).strip()

        row = RosterRow(
            line=number,
            email=cell("email"),
            student_number=cell("student_number"),
            cohort_name=cell("cohort"),
            language=cell("language").lower(),
        )
        if "name" in index and cell("name"):
            first, _sep, last = _split_name(cell("name"))
            row.first_name, row.last_name = first, last
        else:
            row.first_name, row.last_name = cell("first_name"), cell("last_name")
        rows.append(row)
    return rows


def _split_name(full: str) -> tuple[str, str, str]:
    """'Aigerim Bekova' -> ('Aigerim', ' ', 'Bekova'); a comma means 'Last, First'."""
    full = re.sub(r"\s+", " ", full)
    if "," in full:
        last, _comma, first = full.partition(",")
        return first.strip(), " ", last.strip()
    first, sep, last = full.partition(" ")
    return first, sep, last


# ----------------------------------------------------------------------------------------------
# Planning (no writes)
# ----------------------------------------------------------------------------------------------

LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}


def plan_roster(rows: list[RosterRow], course: CoursePage, cohort: Cohort | None = None,
                language: str = "") -> RosterPlan:
    """What importing ``rows`` into ``course`` would do, row by row. Reads only.

    ``cohort``: the cohort of rows that name none. Queries: a fixed number (users, cohorts,
    enrolments, memberships, profiles), whatever the number of rows.
    """
    User = get_user_model()
    emails = {row.email.lower() for row in rows if row.email}
    users = {}
    matching = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    for user in matching.order_by("pk").prefetch_related("groups"):
        users.setdefault(user.email.lower(), user)
    cohorts = {c.name.lower(): c for c in Cohort.objects.filter(course=course)}
    user_ids = [u.pk for u in users.values()]
    enrolled = set(
        Enrolment.objects.filter(course=course, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    memberships = {}
    for member in CohortMember.objects.filter(cohort__course=course, user_id__in=user_ids):
        memberships.setdefault(member.user_id, set()).add(member.cohort_id)
    profiles = {p.user_id: p for p in StudentProfile.objects.filter(user_id__in=user_ids)}
    seen = {}
    for row in rows:
        row.messages, row.changes = [], []
        _check(row, seen, cohorts, cohort, language)
        if row.outcome == REJECTED:
            continue
        seen[row.email.lower()] = row.line
        user = users.get(row.email.lower())
        row.user = user
        if user is None:
            row.outcome = CREATE
            continue
        if user.is_staff or user.is_superuser or any(
            g.name != STUDENTS for g in user.groups.all()
        ):
            row.outcome = REJECTED
            row.messages.append(_("This e-mail belongs to a staff account, not a student."))
            continue
        if (user.first_name, user.last_name) != (row.first_name, row.last_name):
            row.changes.append(_("name"))
        profile = profiles.get(user.pk)
        if row.student_number and (profile is None or profile.student_number != row.student_number):
            row.changes.append(_("student number"))
        if user.pk not in enrolled:
            row.changes.append(_("enrolment"))
        if row.cohort is not None and row.cohort.pk not in memberships.get(user.pk, set()):
            row.changes.append(_("cohort"))
        row.outcome = UPDATE if row.changes else UNCHANGED
    return RosterPlan(rows=rows)


def _check(row, seen, cohorts, default_cohort, language):
    row.outcome = ""
    if not row.email:
        row.messages.append(_("The e-mail address is missing."))
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.messages.append(_("“%(value)s” is not a valid e-mail address.") % {
                "value": row.email[:100]})
        else:
            if row.email.lower() in seen:
                row.messages.append(_("The same e-mail address as row %(line)s.") % {
                    "line": seen[row.email.lower()]})
    if not row.first_name and not row.last_name:
        row.messages.append(_("The name is missing."))
    elif len(row.first_name) > 150 or len(row.last_name) > 150:
        row.messages.append(_("The name is longer than 150 characters."))
    if len(row.student_number) > 50:
        row.messages.append(_("The student number is longer than 50 characters."))
    if row.cohort_name:
        row.cohort = cohorts.get(row.cohort_name.lower())
        if row.cohort is None:
            row.messages.append(_("There is no cohort “%(name)s”; create it first.") % {
                "name": row.cohort_name[:100]})
    else:
        row.cohort = default_cohort
    if row.language and row.language not in LANGUAGE_CODES:
        row.messages.append(_("Unknown language “%(value)s” (use en, ru, kk or tr).") % {
            "value": row.language[:20]})
    row.language = row.language or language or settings.LANGUAGE_CODE
    if row.messages:
        row.outcome = REJECTED


# ----------------------------------------------------------------------------------------------
# Applying
# ----------------------------------------------------------------------------------------------


def _username_for(email: str) -> str:
    """A free username from the e-mail's local part: aigerim.b, aigerim.b2, ..."""
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:140] or "student"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def profile_for(user) -> StudentProfile:
    profile, _created = StudentProfile.objects.get_or_create(user=user)
    return profile


def place_in_cohort(user, cohort: Cohort) -> bool:
    """Make ``user`` a member of ``cohort`` and of no other cohort of the same course."""
    if CohortMember.objects.filter(user=user, cohort=cohort).exists():
        return False
    CohortMember.objects.filter(user=user, cohort__course_id=cohort.course_id).delete()
    CohortMember.objects.create(user=user, cohort=cohort)
    return True


def apply_roster(plan: RosterPlan, course: CoursePage, *, by=None, base_url: str = "") -> list:
    """Write every valid row of ``plan`` in one transaction (all or none); returns the users
    created (the caller sends their invitations once this has committed)."""
    from . import invitations, services

    User = get_user_model()
    created = []
    rows = [row for row in plan.rows if row.outcome in (CREATE, UPDATE)]
    if not rows:
        return created
    with transaction.atomic():
        students = Group.objects.get_or_create(name=STUDENTS)[0]
        for row in rows:
            user = row.user
            if user is None:
                user = User(
                    username=_username_for(row.email), email=row.email,
                    first_name=row.first_name, last_name=row.last_name,
                )
                user.set_unusable_password()
                user.save()
                user.groups.add(students)
                created.append(user)
            elif (user.first_name, user.last_name) != (row.first_name, row.last_name):
                user.first_name, user.last_name = row.first_name, row.last_name
                user.save(update_fields=["first_name", "last_name"])
            profile = profile_for(user)
            fields = []
            if row.student_number and profile.student_number != row.student_number:
                profile.student_number = row.student_number
                fields.append("student_number")
            if not profile.language:
                profile.language = row.language
                fields.append("language")
            if fields:
                profile.save(update_fields=fields)
            services.enrol(user, course, by_instructor=True)
            if row.cohort is not None:
                place_in_cohort(user, row.cohort)
        audit(
            by, ROSTER_IMPORTED, old="",
            new=f"{plan.count(CREATE)} new, {plan.count(UPDATE)} updated",
            reason=f"{plan.count(REJECTED)} rejected",
        )
        for user in created:
            invitations.send_on_commit(user, base_url)
    return created
