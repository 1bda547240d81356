"""manage.py import_products FILE.csv — the admin's CSV import, for scripts and partner feeds."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shop_wizard import actions


class Command(BaseCommand):
    help = (f"Import products from a UTF-8 CSV (columns: {', '.join(actions.CSV_COLUMNS)}). "
            "Valid rows are imported; bad rows are listed.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = actions.import_products(file.read_bytes())
        except actions.WizardInputError as error:
            raise CommandError(error.message) from error
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(f"{report.created} created, {report.updated} updated, {len(report.errors)} rows with errors")
        if report.errors:
            raise CommandError("some rows were not imported")
