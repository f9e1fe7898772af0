"""``manage.py import_roster FILE [--cohort NAME] [--dry-run]``: the admin's roster import for
scripts. Prints each row's outcome and the totals. Exit status: 0 when every row was valid or
already there, 1 when some rows were rejected (the valid ones are imported unless --dry-run),
2 when the file cannot be used at all (nothing is imported)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from course import roster
from course.models import Cohort
from course.selectors import get_course


class Command(BaseCommand):
    help = "Import a class list (CSV or XLSX): create, update and enrol students, send invitations."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a CSV (UTF-8, Windows-1251 or -1254) or XLSX file")
        parser.add_argument("--cohort", help="the cohort of rows that name none (by name)")
        parser.add_argument("--encoding", help="the CSV's encoding, if the guess is wrong")
        parser.add_argument("--language", default="", help="e-mail language of new students "
                            "without a language column (en, ru, kk, tr)")
        parser.add_argument("--dry-run", action="store_true", help="report only; change nothing")

    def handle(self, *args, **options):
        translation.activate("en")
        course = get_course()
        if course is None:
            raise CommandError("There is no course yet (run load_course first).", returncode=2)
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc
        cohort = None
        if options["cohort"]:
            cohort = Cohort.objects.filter(course=course, name__iexact=options["cohort"]).first()
            if cohort is None:
                raise CommandError(f"There is no cohort named {options['cohort']!r}.",
                                   returncode=2)
        try:
            rows = roster.read_roster(data, path.name, options["encoding"])
        except roster.RosterError as error:
            raise CommandError(str(error.message), returncode=2) from error
        plan = roster.plan_roster(rows, course, cohort, options["language"])
        for row in plan.rows:
            detail = "; ".join(str(m) for m in row.messages) or ", ".join(
                str(c) for c in row.changes)
            line = f"row {row.line}: {row.outcome_label} {row.email or '-'}"
            self.stdout.write(f"{line}" + (f" ({detail})" if detail else ""))
        if not options["dry_run"]:
            roster.apply_roster(plan, course)
        counts = ", ".join(f"{n} {roster.OUTCOMES[k]}" for k, n in plan.counts.items())
        prefix = "Dry run, nothing changed: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{counts}.")
        if plan.has_rejected:
            sys.exit(1)
