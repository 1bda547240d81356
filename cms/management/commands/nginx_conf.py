"""Write deploy/nginx.conf with its placeholders filled in for this installation.

The page files nginx sends without asking Django must carry the same security headers Django gives
the page, so those two placeholders come from the settings (security.headers.page_headers) rather
than being typed in by hand.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from security.headers import page_headers

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


def render(*, listen: str, app: str, page_cache_dir: str, static_root: str, prefix: str) -> str:
    headers = page_headers()
    values = {
        "LISTEN": listen, "APP": app, "PAGE_CACHE_DIR": page_cache_dir, "STATIC_ROOT": static_root,
        "PREFIX": prefix,
        "CONTENT_SECURITY_POLICY": headers.get("Content-Security-Policy", ""),
        "PERMISSIONS_POLICY": headers.get("Permissions-Policy", ""),
    }
    for name, value in values.items():
        if '"' in value or "\n" in value:
            raise CommandError(f"{name} cannot contain a double quote or a line break: {value!r}")
    conf = TEMPLATE.read_text()
    for name, value in values.items():
        conf = conf.replace("{{" + name + "}}", value)
    return conf


class Command(BaseCommand):
    help = "Print deploy/nginx.conf with the placeholders filled in (security headers from the settings)."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80")
        parser.add_argument("--app", default="127.0.0.1:8000", help="gunicorn's address")
        parser.add_argument("--page-cache-dir", default=str(settings.PAGE_CACHE_DIR or ""))
        parser.add_argument("--static-root", default=str(settings.STATIC_ROOT))
        parser.add_argument("--prefix", default="/var/lib/nginx/cms", help="where nginx writes pid, logs, temp files")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        if not options["page_cache_dir"]:
            raise CommandError("Set PAGE_CACHE_DIR (or pass --page-cache-dir): nginx sends the page files from there.")
        conf = render(listen=options["listen"], app=options["app"], page_cache_dir=options["page_cache_dir"],
                      static_root=options["static_root"], prefix=options["prefix"])
        if options["output"]:
            Path(options["output"]).write_text(conf)
        else:
            self.stdout.write(conf, ending="")
