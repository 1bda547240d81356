from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.importer import import_directory


class Command(BaseCommand):
    help = "Import every .txt, .md and .html file in DIR as a page (idempotent by slug)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--parent", dest="parent_slug", help="slug of the index page to import under")
        parser.add_argument("--kind", choices=["article", "post"], default="article")
        parser.add_argument("--language", default="ko", help="language when front matter has none")

    def handle(self, directory: Path, parent_slug, kind, language, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        styles = {"created": self.style.SUCCESS, "updated": self.style.SUCCESS,
                  "skipped": self.style.WARNING, "error": self.style.ERROR}

        def show(result):
            detail = f" ({result.detail})" if result.detail else ""
            self.stdout.write(styles[result.status](f"{result.status:8} {result.path.name}{detail}"))

        report = import_directory(directory, kind=kind, parent_slug=parent_slug,
                                  default_language=language, on_result=show)
        summary = ", ".join(f"{report.count(s)} {s}" for s in ("created", "updated", "skipped", "error"))
        self.stdout.write(summary)
        if report.count("error"):
            raise CommandError(f"{report.count('error')} file(s) could not be imported")
