"""Reading the files people export from outside channels: an X (Twitter) archive, a Facebook page's
comments exported as CSV, a KakaoTalk chat saved as text. Each reader turns a file into mentions and a
list of problems by line (or by item, for an archive); the import stores the good ones and reports the
rest, exactly as it does for a generic CSV.

The formats, as the services write them today:

- X archive: ``data/tweets.js`` (alone, or the archive's .zip), a JavaScript file that assigns a JSON
  list of ``{"tweet": {"id_str", "full_text", "created_at": "Wed Oct 10 20:19:24 +0000 2018", …}}``;
  the archive's ``data/account.js`` names the author when the .zip is given.
- Facebook page comments (CSV, as comment-export tools and Meta Business Suite write it): a header
  with the comment's text (Comment, Message or 댓글), its time (Date, Created time or 날짜) and
  optionally the author (Name, Author or 이름), an id (Comment ID or ID) and the address (Link, URL).
- KakaoTalk chat (.txt): the PC app's ``--------------- 2026년 12월 1일 월요일 ---------------`` date lines
  followed by ``[이름] [오후 2:05] 메시지``, or the phone app's ``2026년 12월 1일 오후 2:05, 이름 : 메시지``
  (English phones: ``December 1, 2026 at 2:05 PM, 이름 : 메시지``); a line that matches neither
  continues the message before it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .ingest import MAX_TEXT, Incoming


@dataclass
class Parsed:
    items: list[Incoming] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0


class ExportError(Exception):
    """The file as a whole is not what it claims to be (the report says so, nothing is stored)."""


# --- X archive -------------------------------------------------------------------------------------

def read_x_archive(data: bytes) -> Parsed:
    author = ""
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            tweets = next((n for n in ("data/tweets.js", "data/tweet.js") if n in names), None)
            if tweets is None:
                raise ExportError(_("The archive has no data/tweets.js."))
            if "data/account.js" in names:
                account = _assigned_json(archive.read("data/account.js").decode("utf-8-sig"))
                author = "@" + str(((account or [{}])[0].get("account") or {}).get("username") or "").lstrip("@")
            text = archive.read(tweets).decode("utf-8-sig")
        except (zipfile.BadZipFile, UnicodeDecodeError, KeyError) as problem:
            raise ExportError(_("The archive cannot be read: %(problem)s") % {"problem": problem}) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError(_("tweets.js is not UTF-8 text.")) from None
    entries = _assigned_json(text)
    if not isinstance(entries, list):
        raise ExportError(_("This is not an X archive's tweets.js (no list of tweets)."))
    parsed = Parsed()
    for number, entry in enumerate(entries, start=1):
        parsed.rows += 1
        tweet = entry.get("tweet", entry) if isinstance(entry, dict) else None
        if not isinstance(tweet, dict):
            parsed.errors.append((number, _("Item %(n)d is not a tweet.") % {"n": number}))
            continue
        body = str(tweet.get("full_text") or tweet.get("text") or "").strip()
        try:
            posted = datetime.strptime(str(tweet.get("created_at") or ""), "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            parsed.errors.append((number, _("Tweet %(n)d has no readable time (created_at).") % {"n": number}))
            continue
        if not body or len(body) > MAX_TEXT:
            parsed.errors.append((number, _("Tweet %(n)d has no text.") % {"n": number}))
            continue
        ident = str(tweet.get("id_str") or tweet.get("id") or "")
        parsed.items.append(Incoming(
            text=body, posted_at=posted, channel="x", author=author, external_id=ident,
            url=f"https://x.com/i/web/status/{ident}" if ident.isdigit() else "",
            language=str(tweet.get("lang") or "")[:2], raw={"id": ident,
                                                           "reply_to": tweet.get("in_reply_to_screen_name") or "",
                                                           "reply_to_id": tweet.get("in_reply_to_status_id_str")}))
    return parsed


def _assigned_json(text: str):
    """``window.YTD.tweets.part0 = [...]`` → the list (a plain JSON file is read as it is)."""
    start = min((i for i in (text.find("["), text.find("{")) if i >= 0), default=-1)
    if start < 0:
        raise ExportError(_("This is not an X archive file (no JSON in it)."))
    try:
        return json.loads(text[start:])
    except json.JSONDecodeError as problem:
        raise ExportError(_("The archive's JSON is broken at line %(line)d: %(problem)s")
                          % {"line": problem.lineno, "problem": problem.msg}) from None


# --- Facebook page comments (CSV) ----------------------------------------------------------------

FACEBOOK_COLUMNS = {
    "text": ("comment", "message", "comment text", "댓글", "내용"),
    "posted_at": ("date", "created time", "created_time", "time", "날짜", "작성일"),
    "author": ("name", "author", "from", "이름", "작성자"),
    "id": ("comment id", "comment_id", "id", "댓글 id"),
    "url": ("link", "url", "permalink", "comment link", "링크"),
}


def facebook_mapping(text: str) -> dict[str, str]:
    """Which of the file's columns holds what, from the names Facebook's exports use."""
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    lowered = {name.strip().lower(): name for name in header}
    mapping = {}
    for key, names in FACEBOOK_COLUMNS.items():
        found = next((lowered[n] for n in names if n in lowered), None)
        if found:
            mapping[key] = found
    if "text" not in mapping or "posted_at" not in mapping:
        raise ExportError(_("This is not a Facebook comments export: it needs a Comment and a Date column "
                            "(the header has %(names)s).") % {"names": ", ".join(header[:8]) or "—"})
    return mapping


# --- KakaoTalk chat (.txt) -----------------------------------------------------------------------

PC_DAY = re.compile(r"^-+ (\d{4})년 (\d{1,2})월 (\d{1,2})일 \S+ -+$")
PC_LINE = re.compile(r"^\[(?P<who>[^\]]+)\] \[(?P<half>오전|오후) (?P<h>\d{1,2}):(?P<m>\d{2})\] (?P<text>.*)$")
PHONE_KO = re.compile(r"^(?P<y>\d{4})년 (?P<mo>\d{1,2})월 (?P<d>\d{1,2})일 (?P<half>오전|오후) "
                      r"(?P<h>\d{1,2}):(?P<m>\d{2}), (?P<who>[^:]+?) : (?P<text>.*)$")
PHONE_EN = re.compile(r"^(?P<mon>[A-Z][a-z]+) (?P<d>\d{1,2}), (?P<y>\d{4}) at (?P<h>\d{1,2}):(?P<m>\d{2}) "
                      r"(?P<half>AM|PM), (?P<who>[^:]+?) : (?P<text>.*)$")
PHONE_DAY = re.compile(r"^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (오전|오후) \d{1,2}:\d{2}$|^[A-Z][a-z]+ \d{1,2}, \d{4} at ")
MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"], start=1)}


def read_kakao_chat(text: str, *, channel_name: str = "") -> Parsed:
    parsed = Parsed()
    zone = timezone.get_current_timezone()
    day: date | None = None
    current: dict | None = None
    messages: list[dict] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if found := PC_DAY.match(line):
            day = date(*map(int, found.groups()))
            current = None
            continue
        found = PC_LINE.match(line) or PHONE_KO.match(line) or PHONE_EN.match(line)
        if found is None:
            if current is not None:
                current["text"] += "\n" + line  # a message that runs over several lines
            elif not (number <= 3 or PHONE_DAY.match(line) or line.startswith(("저장한 날짜", "Date Saved"))):
                parsed.errors.append((number, _("This line is neither a date, a message nor part of one.")))
            continue
        parts = found.groupdict()
        hour = int(parts["h"]) % 12 + (12 if parts["half"] in ("오후", "PM") else 0)
        if "y" in parts:
            month = int(parts["mo"]) if "mo" in parts else MONTHS.get(parts["mon"], 0)
            try:
                when = date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                parsed.errors.append((number, _("The date on this line is not a real day.")))
                current = None
                continue
        elif day is None:
            parsed.errors.append((number, _("A message before any date line: the file's start is missing.")))
            continue
        else:
            when = day
        current = {"line": number, "who": parts["who"].strip(), "text": parts["text"],
                   "at": timezone.make_aware(datetime(when.year, when.month, when.day, hour, int(parts["m"])), zone)}
        messages.append(current)
    for message in messages:
        parsed.rows += 1
        body = message["text"].strip()
        if not body or body in ("사진", "이모티콘", "동영상", "Photo", "Emoticon", "Video"):
            continue  # a photo or a sticker: nothing was said
        if len(body) > MAX_TEXT:
            parsed.errors.append((message["line"], _("The message is longer than %(n)d characters.") % {"n": MAX_TEXT}))
            continue
        if channel_name and message["who"] == channel_name:
            continue  # the channel's own answers are ours, not what people say
        parsed.items.append(Incoming(text=body, posted_at=message["at"], channel="kakao", author=message["who"],
                                     raw={"line": message["line"]}))
    return parsed

