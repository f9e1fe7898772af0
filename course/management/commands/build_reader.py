"""Build the printable reader's PDFs ahead of time: the course and each module, every language."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from course import reader


class Command(BaseCommand):
    help = (
        "Render the course reader as PDF (whole course and each module) in every language, so "
        "students get them at once. Run after deploying or loading content; a PDF that is "
        "missing is otherwise built on its first request."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="Only this language (repeat for several); default: every language.",
        )

    def handle(self, *args, languages=None, **options):
        known = [code for code, _name in settings.LANGUAGES]
        for code in languages or []:
            if code not in known:
                raise CommandError(f"Unknown language {code!r}; choose from {', '.join(known)}.")
        started = time.monotonic()
        paths = reader.build_all(languages or known)
        for path in paths:
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")
        self.stdout.write(
            self.style.SUCCESS(f"{len(paths)} PDFs built in {time.monotonic() - started:.0f} s.")
        )
