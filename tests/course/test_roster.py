"""Roster import: reading files (CSV in several encodings, XLSX), each bad-input case, the
preview, the atomic apply, idempotent re-import and the ``import_roster`` command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from course import roster
from course.models import Cohort, CohortMember, Enrolment, Invitation, StudentProfile
from tests.factories import make_course, make_instructor, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield

HEADER = "name,email,student number,cohort\n"


def plan(text_or_bytes, cohort=None, filename="roster.csv", encoding=None):
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    rows = roster.read_roster(data, filename, encoding)
    return roster.plan_roster(rows, make_course(), cohort)


def test_good_rows_are_created_enrolled_placed_and_invited(django_capture_on_commit_callbacks):
    course = make_course()
    cohort = Cohort.objects.create(course=course, name="A", term="Spring 2027")
    the_plan = plan(HEADER + "Aigerim Bekova,aigerim@example.org,KZ-1,A\n"
                    "Mehmet Yılmaz,mehmet@example.org,,A\n")
    assert [r.outcome for r in the_plan.rows] == [roster.CREATE, roster.CREATE]
    with django_capture_on_commit_callbacks(execute=True):
        created = roster.apply_roster(the_plan, course, by=make_instructor())
    assert len(created) == 2
    user = get_user_model().objects.get(email="aigerim@example.org")
    assert (user.first_name, user.last_name) == ("Aigerim", "Bekova")
    assert not user.has_usable_password()
    assert Enrolment.objects.filter(user=user, course=course).exists()
    assert CohortMember.objects.filter(user=user, cohort=cohort).exists()
    assert StudentProfile.objects.get(user=user).student_number == "KZ-1"
    assert Invitation.objects.filter(user=user, accepted_at__isnull=True).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["aigerim@example.org", "mehmet@example.org"]


def test_reimporting_the_same_file_changes_nothing(django_capture_on_commit_callbacks):
    course = make_course()
    text = HEADER + "Aigerim Bekova,aigerim@example.org,KZ-1,\n"
    with django_capture_on_commit_callbacks(execute=True):
        roster.apply_roster(plan(text), course)
    mail.outbox.clear()
    again = plan(text)
    assert [r.outcome for r in again.rows] == [roster.UNCHANGED]
    assert not again.has_changes
    with django_capture_on_commit_callbacks(execute=True):
        assert roster.apply_roster(again, course) == []
    assert mail.outbox == []
    assert get_user_model().objects.filter(email="aigerim@example.org").count() == 1


def test_changed_name_number_or_cohort_is_an_update():
    course = make_course()
    roster.apply_roster(plan(HEADER + "Aigerim Bekova,aigerim@example.org,KZ-1,\n"), course)
    Cohort.objects.create(course=course, name="B", term="Spring 2027")
    again = plan(HEADER + "Aigerim Bekova-Nur,AIGERIM@example.org,KZ-2,B\n")
    row = again.rows[0]
    assert row.outcome == roster.UPDATE
    with translation.override("en"):
        assert {str(c) for c in row.changes} == {"name", "student number", "cohort"}
    roster.apply_roster(again, course)
    user = get_user_model().objects.get(email="aigerim@example.org")
    assert user.last_name == "Bekova-Nur"
    assert list(CohortMember.objects.filter(user=user).values_list("cohort__name", flat=True)) \
        == ["B"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Aigerim Bekova,not-an-email,,", "not a valid e-mail address"),
        ("Aigerim Bekova,,,", "e-mail address is missing"),
        (",nobody@example.org,,", "name is missing"),
        ("Aigerim Bekova,a@example.org,,Z", "There is no cohort “Z”"),
        ("Aigerim Bekova,a@example.org," + "9" * 60 + ",", "student number is longer"),
    ],
)
def test_each_bad_row_is_rejected_with_its_reason(line, reason):
    the_plan = plan(HEADER + line + "\n")
    row = the_plan.rows[0]
    assert row.outcome == roster.REJECTED
    assert reason in " ".join(str(m) for m in row.messages)


def test_duplicate_rows_reject_the_second_and_name_the_first():
    the_plan = plan(HEADER + "A B,ab@example.org,,\nA B,AB@example.org,,\n")
    assert [r.outcome for r in the_plan.rows] == [roster.CREATE, roster.REJECTED]
    assert "row 2" in str(the_plan.rows[1].messages[0])


def test_a_staff_address_is_not_turned_into_a_student():
    make_instructor("teacher")
    the_plan = plan(HEADER + "T Eacher,teacher@example.org,,\n")
    assert the_plan.rows[0].outcome == roster.REJECTED


def test_missing_columns_reject_the_whole_file_naming_them():
    with pytest.raises(roster.RosterError) as error:
        plan("name,phone\nA B,123\n")
    assert "e-mail" in str(error.value.message)
    assert "phone" in str(error.value.message)


def test_empty_and_unreadable_files_are_refused():
    with pytest.raises(roster.RosterError):
        plan(b"")
    with pytest.raises(roster.RosterError):
        plan(b"PK\x03\x04not really a workbook", filename="x.xlsx")


def test_rejected_rows_do_not_stop_the_valid_ones_which_go_in_together():
    course = make_course()
    the_plan = plan(HEADER + "A B,ab@example.org,,\nbad,bad,,\nC D,cd@example.org,,\n")
    assert the_plan.counts[roster.REJECTED] == 1
    created = roster.apply_roster(the_plan, course)
    assert {u.email for u in created} == {"ab@example.org", "cd@example.org"}


def test_apply_is_all_or_nothing(monkeypatch):
    course = make_course()
    the_plan = plan(HEADER + "A B,ab@example.org,,\nC D,cd@example.org,,\n")
    calls = []

    def failing(user, cohort):
        calls.append(user)
        raise RuntimeError("disk full")

    cohort = Cohort.objects.create(course=course, name="A", term="T")
    for row in the_plan.rows:
        row.cohort = cohort
    monkeypatch.setattr(roster, "place_in_cohort", failing)
    with pytest.raises(RuntimeError):
        roster.apply_roster(the_plan, course)
    assert not get_user_model().objects.filter(email__in=["ab@example.org", "cd@example.org"])


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-8", "Айгерім Бекова"),
        ("utf-8-sig", "Айгерім Бекова"),
        ("cp1251", "Алексей Смирнов"),
        ("cp1254", "Şükrü Öztürk"),
        ("cp1254", "Ayşe Yılmaz"),
    ],
)
def test_encodings_from_russian_and_turkish_spreadsheets(encoding, name):
    data = ("ФИО;E-mail;Группа\n" if encoding != "cp1254" else "Ad Soyad;E-posta;Grup\n")
    data += f"{name};x@example.org;\n"
    rows = roster.read_roster(data.encode(encoding), "roster.csv")
    assert f"{rows[0].first_name} {rows[0].last_name}" == name


def test_xlsx_first_sheet_with_a_numeric_student_number():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Email", "Student ID"])
    sheet.append(["Aigerim", "Bekova", "aigerim@example.org", 20270001])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = roster.read_roster(buffer.getvalue(), "class.xlsx")
    assert (rows[0].last_name, rows[0].student_number) == ("Bekova", "20270001")


def test_command_dry_run_changes_nothing_and_exits_1_with_rejected_rows(tmp_path, capsys):
    make_course()
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "A B,ab@example.org,,\nbad,bad,,\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_roster", str(path), "--dry-run")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "row 3: rejected bad" in out and "Dry run" in out
    assert not get_user_model().objects.filter(email="ab@example.org").exists()


def test_command_imports_into_a_cohort_and_exits_0(tmp_path, capsys):
    course = make_course()
    Cohort.objects.create(course=course, name="Section 2", term="Spring 2027")
    path = tmp_path / "roster.csv"
    path.write_text("name,email\nA B,ab@example.org\n", encoding="utf-8")
    call_command("import_roster", str(path), "--cohort", "section 2")
    assert CohortMember.objects.filter(user__email="ab@example.org",
                                       cohort__name="Section 2").exists()
    call_command("import_roster", str(path))  # again: nothing to do, still exit 0
    assert "1 already enrolled" in capsys.readouterr().out


def test_command_refuses_an_unusable_file_with_exit_2(tmp_path):
    from django.core.management.base import CommandError

    make_course()
    path = tmp_path / "roster.csv"
    path.write_text("phone\n123\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_roster", str(path))
    assert error.value.returncode == 2


def test_existing_student_not_enrolled_is_enrolled_by_update():
    course = make_course()
    student = make_student("aliya")
    the_plan = plan(f"name,email\nAliya K,{student.email}\n")
    assert the_plan.rows[0].outcome == roster.UPDATE
    roster.apply_roster(the_plan, course)
    assert Enrolment.objects.filter(user=student, course=course).exists()
