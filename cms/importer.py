"""Import .txt, .md and .html files as pages.

Title: front matter ``title``; for HTML, the page's own title as trafilatura reads it (og:title,
<title> without the site name) rather than whatever heading the navigation opens with; else the
first heading, else the first line. An HTML page keeps only its main content: trafilatura drops the
navigation, skip links, ad slots, category lists and comment counters, and the whole original is
kept on the page's ImportedSource. Lines that still look like page chrome are reported with their
line numbers, never silently kept. Body: converted to
StreamField blocks (articles) or sanitised rich text (posts). Topics: front matter ``topics``.
Idempotent by slug: a file whose content hash is unchanged is skipped, a changed one updates its
page and publishes a new revision. Each file is its own transaction, so a broken file is reported
and the rest still import.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import markdown
import nh3
import yaml
from bs4 import BeautifulSoup
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from wagtail.models import Locale, Page

from .actions import topics_from_names
from .models.articles import ArticleIndexPage, ArticlePage
from .models.posts import PostIndexPage, PostKind, PostPage, Visibility
from .models.topics import ImportedSource, Team
from .page_chrome import chrome_lines, main_content
from .text import first_paragraph, html_to_text

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_FILE_BYTES = 2 * 1024 * 1024
BLOCK_TAGS = {"p", "ul", "ol", "pre", "blockquote", "table", "h4", "h5", "h6", "div", "figure"}
RICH_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h3", "h4", "code", "pre", "blockquote"}


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why."""


@dataclass
class FileResult:
    path: Path
    status: str  # created | updated | skipped | error
    detail: str = ""
    page_id: int | None = None


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass
class ParsedFile:
    title: str
    slug: str
    html: str
    meta: dict
    digest: str
    original: str = ""  # the file as it was: an HTML page before its chrome was dropped
    chrome: list[str] = field(default_factory=list)  # "line 3: 728x90", lines kept that look like chrome


def parse_file(path: Path) -> ParsedFile:
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"not valid UTF-8 (byte {error.start})") from error
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        raise ImportFileError(f"front matter is not valid YAML: {str(error).splitlines()[0]}") from error
    meta = dict(post.metadata)
    content = post.content.strip()
    if not content and not meta.get("title"):
        raise ImportFileError("file is empty")

    suffix = path.suffix.lower()
    page_title, original = "", ""
    if suffix in {".md", ".markdown"}:
        body_html = markdown.markdown(content, extensions=["tables", "fenced_code", "sane_lists"])
    elif suffix in {".html", ".htm"}:
        body_html, page_title = main_content(content)
        original = text
    else:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", content) if p.strip()]
        body_html = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    body_html = nh3.clean(
        body_html,
        tags=RICH_TAGS | {"h1", "h2", "table", "thead", "tbody", "tr", "th", "td"},
        attributes={"a": {"href"}},
    )

    soup = BeautifulSoup(body_html, "html.parser")
    title = str(meta.get("title") or "").strip() or page_title
    if not title:
        heading = soup.find(["h1", "h2"])
        if heading is not None and heading.get_text(strip=True):
            title = html_to_text(str(heading), separator=" ")
            heading.decompose()
        else:
            first_line = next((ln.strip() for ln in content.splitlines() if ln.strip()), "")
            title = re.sub(r"^#+\s*", "", first_line)
            first = soup.find(string=True)
            if first is not None and first.strip() == title:
                parent = first.parent
                first.extract()
                if parent is not None and parent.name == "p" and not parent.get_text(strip=True):
                    parent.decompose()
    elif (heading := soup.find(["h1", "h2"])) is not None and html_to_text(str(heading), separator=" ") == title:
        heading.decompose()  # the article's own heading repeats its title
    title = html_to_text(title, separator=" ")[:255]
    if not title:
        raise ImportFileError("no title: add front matter 'title' or a first heading")

    slug = slugify(str(meta.get("slug") or path.stem), allow_unicode=True)[:255]
    if not slug:
        raise ImportFileError("cannot make a slug from the file name; add front matter 'slug'")
    digest = hashlib.sha256(raw).hexdigest()
    body = str(soup).strip()
    kept = content if suffix not in {".html", ".htm"} else html_to_text(body)
    return ParsedFile(title=title, slug=slug, html=body, meta=meta, digest=digest, original=original,
                      chrome=chrome_lines(kept))


def html_to_blocks(body_html: str) -> list[tuple[str, object]]:
    """h1/h2/h3 become heading blocks, tables become table blocks, the rest rich-text paragraphs."""
    soup = BeautifulSoup(body_html, "html.parser")
    blocks: list[tuple[str, object]] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer).strip()
        if text:
            blocks.append(("paragraph", text))
        buffer.clear()

    for node in soup.children:
        name = getattr(node, "name", None)
        if name in {"h1", "h2", "h3"}:
            flush()
            blocks.append(("heading", {"text": html_to_text(str(node), separator=" ")[:200],
                                       "level": "h3" if name == "h3" else "h2"}))
        elif name == "table":
            flush()
            rows = [[html_to_text(str(cell), separator=" ") for cell in tr.find_all(["th", "td"])]
                    for tr in node.find_all("tr")]
            if rows:
                blocks.append(("table", {"data": rows, "first_row_is_table_header": bool(node.find("th")),
                                         "first_col_is_header": False, "table_caption": ""}))
        elif name is None:
            if str(node).strip():
                buffer.append(f"<p>{html.escape(str(node).strip())}</p>")
        else:
            buffer.append(str(node))
    flush()
    return blocks


def _topics(meta: dict) -> list[str]:
    value = meta.get("topics") or meta.get("tags") or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _date(meta: dict):
    value = meta.get("date")
    if value is None:
        return None
    if hasattr(value, "year") and not hasattr(value, "hour"):
        return timezone.make_aware(timezone.datetime(value.year, value.month, value.day, 9, 0))
    if hasattr(value, "hour"):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    parsed = parse_datetime(str(value)) or (
        parse_date(str(value)) and timezone.datetime.combine(parse_date(str(value)), timezone.datetime.min.time())
    )
    if not parsed:
        raise ImportFileError(f"front matter 'date' is not a date: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _summary(meta: dict, body_html: str) -> str:
    if meta.get("summary"):
        return str(meta["summary"]).strip()[:400]
    text = first_paragraph(body_html)
    return (text[:397] + "…") if len(text) > 400 else text


def _user(username: str | None):
    if not username:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()


def resolve_parent(kind: str, parent_slug: str | None, language: str) -> Page:
    model = ArticleIndexPage if kind == "article" else PostIndexPage
    if parent_slug:
        candidates = Page.objects.filter(slug=parent_slug).specific()
        parent = next((p for p in candidates if p.locale.language_code == language), None) or (
            candidates.first()
        )
        if parent is None:
            raise ImportFileError(f"no parent page with slug '{parent_slug}'")
        if not isinstance(parent, model):
            raise ImportFileError(
                f"parent '{parent_slug}' is a {type(parent).__name__}, not a {model.__name__}"
            )
        return parent
    parent = (
        model.objects.filter(locale__language_code=language).order_by("path").first()
        or model.objects.order_by("path").first()
    )
    if parent is None:
        raise ImportFileError(f"no {model.__name__} to import into; create one or pass --parent")
    return parent


def import_file(path: Path, *, kind: str, parent_slug: str | None = None,
                default_language: str = "ko") -> FileResult:
    parsed = parse_file(path)
    meta = parsed.meta
    language = str(meta.get("language") or default_language)
    if not Locale.objects.filter(language_code=language).exists():
        raise ImportFileError(f"unknown language '{language}'")
    page_kind = str(meta.get("kind") or kind)
    if page_kind not in {"article", "post"}:
        raise ImportFileError(f"front matter 'kind' must be article or post, not {page_kind!r}")
    parent = resolve_parent(page_kind, meta.get("parent") or parent_slug, language)
    model = ArticlePage if page_kind == "article" else PostPage

    existing = model.objects.child_of(parent).filter(slug=parsed.slug).first()
    if existing is not None:
        source = ImportedSource.objects.filter(page=existing).first()
        if source is not None and source.source_hash == parsed.digest:
            return FileResult(path, "skipped", "unchanged since the last import", existing.pk)

    with transaction.atomic():
        page = existing.get_latest_revision_as_object() if existing else model(slug=parsed.slug, locale=parent.locale)
        page.title = parsed.title
        page.slug = parsed.slug
        if meta.get("seo_title"):
            page.seo_title = str(meta["seo_title"])[:255]
        if meta.get("description"):
            page.search_description = str(meta["description"])
        if model is ArticlePage:
            page.summary = _summary(meta, parsed.html)
            page.body = html_to_blocks(parsed.html)
            page.is_pillar = bool(meta.get("pillar_page", False))
            pillar_slug = meta.get("pillar")
            if pillar_slug:
                page.pillar = ArticlePage.objects.filter(
                    slug=pillar_slug, locale=parent.locale, is_pillar=True
                ).first()
                if page.pillar is None:
                    raise ImportFileError(f"pillar page '{pillar_slug}' not found (import it first)")
            page.author = _user(meta.get("author")) or page.author
            if meta.get("image"):
                from wagtail.images.models import Image

                page.hero_image = Image.objects.filter(title=str(meta["image"])).first()
        else:
            post_kind = str(meta.get("post_kind") or PostKind.OTHER)
            if post_kind not in PostKind.values:
                raise ImportFileError(f"post_kind must be one of {', '.join(PostKind.values)}")
            visibility = str(meta.get("visibility") or Visibility.PUBLIC)
            if visibility not in Visibility.values:
                raise ImportFileError("visibility must be public or internal")
            page.kind, page.visibility, page.body = post_kind, visibility, parsed.html
            page.author = _user(meta.get("author")) or page.author
            if meta.get("team"):
                page.team = Team.objects.filter(slug=meta["team"]).first()
        if meta.get("translation_of") and existing is None:
            source_page = Page.objects.filter(slug=meta["translation_of"]).exclude(locale=parent.locale).first()
            if source_page is not None:
                page.translation_key = source_page.translation_key
        page.topics.set(topics_from_names(_topics(meta)))
        if existing is None:
            page.live = False
            parent.add_child(instance=page)
        published_at = _date(meta)
        revision = page.save_revision(log_action=True)
        if meta.get("publish", True):
            revision.publish()
            if published_at:
                model.objects.filter(pk=page.pk).update(first_published_at=published_at)
        ImportedSource.objects.update_or_create(
            page_id=page.pk, defaults={"source_name": path.name, "source_hash": parsed.digest,
                                       "original": parsed.original}
        )
    detail = ""
    if parsed.chrome:  # kept, since only a person can tell, but never silently
        more = len(parsed.chrome) - 5
        shown = "; ".join(parsed.chrome[:5]) + (f"; and {more} more" if more > 0 else "")
        detail = f"check these lines, they look like page chrome: {shown}"
    return FileResult(path, "updated" if existing else "created", detail, page.pk)


def iter_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path


def import_directory(directory: Path, *, kind: str = "article", parent_slug: str | None = None,
                     default_language: str = "ko", on_result=None) -> ImportReport:
    report = ImportReport()
    for path in iter_files(directory):
        try:
            result = import_file(path, kind=kind, parent_slug=parent_slug, default_language=default_language)
        except ImportFileError as error:
            result = FileResult(path, "error", str(error))
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the rest
            result = FileResult(path, "error", f"{type(error).__name__}: {error}")
        report.results.append(result)
        if on_result:
            on_result(result)
    return report
