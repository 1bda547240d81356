"""Print the security headers of public pages, for a front server that sends cached page files."""

from django.core.management.base import BaseCommand

from security.headers import page_headers


class Command(BaseCommand):
    help = "Print the Content-Security-Policy and Permissions-Policy headers public pages are sent with."

    def add_arguments(self, parser):
        parser.add_argument("--nginx", action="store_true", help="as nginx add_header lines")

    def handle(self, *args, nginx: bool = False, **options):
        for name, value in page_headers().items():
            self.stdout.write(f'add_header {name} "{value}" always;' if nginx else f"{name}: {value}")
