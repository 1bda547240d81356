"""Importing a file of mentions (a generic CSV with a column mapping, or an outside channel's export:
see exports): every row is checked first; a bad row is reported with its line and reason and nothing
of it is stored; the good rows go in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Source
from .exports import ExportError, facebook_mapping, read_kakao_chat, read_x_archive
from .ingest import MAX_TEXT, Incoming, ingest

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M",
                "%Y. %m. %d. %H:%M")
MAX_ROWS = 200_000


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def parse_time(value: str, zone=None) -> datetime | None:
    """A time as exports write it; one without a zone is in ``zone`` (the site's, by default)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        for form in DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, form)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else timezone.make_aware(parsed, zone)


def import_csv(source: Source, text: str, mapping: dict[str, str], *, channel: str = "csv") -> ImportReport:
    """``mapping`` names the columns: text and posted_at are required; author, id, url, language optional."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = reader.fieldnames or []
    missing = [column for key, column in mapping.items() if key in ("text", "posted_at") and column not in headers]
    if not headers or missing:
        report.errors.append((1, _("The file has no column %(names)s.") % {
            "names": ", ".join(missing) or mapping.get("text", "text")}))
        return report
    good: list[Incoming] = []
    zone = timezone.get_current_timezone()
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as problem:
            report.rows += 1
            report.errors.append((line, _("This line cannot be read as CSV: %(problem)s") % {"problem": problem}))
            break  # the reader cannot go on past a broken quote
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append((reader.line_num, _("More than %(n)d rows: import the file in parts.")
                                  % {"n": MAX_ROWS}))
            break
        item, reason = _incoming(row, mapping, channel, zone)
        if item is None:
            report.errors.append((reader.line_num, reason))
        else:
            good.append(item)
    result = ingest(source, good, keep=False)
    report.created, report.duplicates = result.stored, result.duplicates
    return report


def import_export(source: Source, kind: str, data: bytes | str, *, channel_name: str = "") -> ImportReport:
    """A file exported from an outside channel: ``x`` (the archive or its tweets.js), ``facebook``
    (page comments as CSV) or ``kakao`` (a chat saved as text; ``channel_name``'s own lines are left
    out). A file that is not what it claims gives a report with that one error and stores nothing."""
    text = data if isinstance(data, str) else None
    try:
        if kind == "facebook":
            return import_csv(source, text, facebook_mapping(text), channel="facebook")
        parsed = read_x_archive(data if isinstance(data, bytes) else data.encode()) if kind == "x" else \
            read_kakao_chat(text, channel_name=channel_name)
    except ExportError as problem:
        return ImportReport(errors=[(1, str(problem))])
    result = ingest(source, parsed.items, keep=False)
    return ImportReport(rows=parsed.rows, created=result.stored, duplicates=result.duplicates,
                        errors=parsed.errors)


def _incoming(row: dict, mapping: dict[str, str], channel: str, zone) -> tuple[Incoming | None, str]:
    if None in row:  # more cells than headers
        return None, _("This row has more cells than the header.")
    text = (row.get(mapping["text"]) or "").strip()
    if not text:
        return None, _("The text is empty.")
    if len(text) > MAX_TEXT:
        return None, _("The text is longer than %(n)d characters.") % {"n": MAX_TEXT}
    posted = parse_time(row.get(mapping["posted_at"]) or "", zone)
    if posted is None:
        return None, _("The time %(value)s is not a date (use 2026-12-05 14:30).") % {
            "value": repr((row.get(mapping["posted_at"]) or "")[:40])}
    url = (row.get(mapping.get("url", ""), "") or "").strip()
    if url and not url.startswith(("http://", "https://")):
        return None, _("The address %(value)s is not a web address.") % {"value": repr(url[:60])}
    language = (row.get(mapping.get("language", ""), "") or "").strip().lower()[:2]
    return Incoming(text=text, posted_at=posted, channel=channel, author=(row.get(mapping.get("author", ""), "")
                                                                           or "").strip(),
                    external_id=(row.get(mapping.get("id", ""), "") or "").strip(), url=url,
                    language=language if language in ("ko", "en") else "",
                    raw={k: v for k, v in row.items() if isinstance(k, str)}), ""
