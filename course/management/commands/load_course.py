"""``manage.py load_course [--update] [--path DIR]``: read the content folder into the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from course.content.loader import load_course
from course.content.markdown import ContentError
from course.content.reader import read_course


class Command(BaseCommand):
    help = (
        "Load the course (pages, bibliography, glossary, timeline, maps, charts, quizzes) from the "
        "content folder. Creates what is missing and changes nothing else; --update overwrites."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Overwrite from the files.")
        parser.add_argument("--path", default=None, help="Content folder (default: content/).")

    def handle(self, *args, update=False, path=None, **options):
        root = Path(path) if path else Path(settings.COURSE_CONTENT_DIR)
        try:
            content = read_course(root)
        except ContentError as exc:
            raise CommandError(f"The content in {root} has problems:\n{exc}") from None
        report = load_course(content, update=update)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Course loaded from {root}: {report.total('created')} created, "
                f"{report.total('updated')} updated, {report.total('unchanged')} unchanged."
            )
        )
