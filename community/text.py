"""What a member writes, turned into safe HTML: a Markdown subset, sanitised by nh3, with @mentions.

Raw HTML is never interpreted (it shows as typed), headings and images are off (a comment is not a
page), bare web addresses become links, and every link gets rel="nofollow ugc noopener" so a comment
cannot lend the site's standing to a spammer.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
import xml.etree.ElementTree as ET  # noqa: S405 - builds elements for Markdown, parses nothing

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
LINK_REL = "nofollow ugc noopener"
MENTION = re.compile(r"(?<![\w@/.])@([\w-]{2,30})")
BARE_URL = r"(?<![<(\[\"'=/])\bhttps?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]"


class _BareLink(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API
        element = ET.Element("a", href=m.group(0))
        element.text = m.group(0)
        return element, m.start(0), m.end(0)


def _parser() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    for name in ("hashheader", "setextheader", "hr"):
        md.parser.blockprocessors.deregister(name)
    md.inlinePatterns.register(_BareLink(BARE_URL, md), "bare_link", 115)
    return md


_local = threading.local()


def render(source: str) -> str:
    """Sanitised HTML of a comment (mentions not yet marked; see ``mark_mentions``)."""
    md = getattr(_local, "parser", None)
    if md is None:  # building one costs more than a comment's conversion: one per thread, reset each time
        md = _local.parser = _parser()
    md.reset()
    return nh3.clean(md.convert(source), tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel=LINK_REL,
                     url_schemes={"http", "https", "mailto"}).strip()


def mentioned_handles(source: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION.finditer(source):
        seen.setdefault(match.group(1).lower())
    return list(seen)


def mark_mentions(html: str, handles: set[str]) -> str:
    """Wrap ``@handle`` for members that exist; never inside a link or code, where it means something else."""
    if not handles:
        return html
    out, skip = [], 0
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in ("a", "code", "pre"):
                skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip > 0:
            out.append(part)
        else:
            out.append(MENTION.sub(
                lambda m: (f'<span class="mention">@{html_lib.escape(m.group(1))}</span>'
                           if m.group(1).lower() in handles else m.group(0)), part))
    return "".join(out)


def link_count(html: str) -> int:
    return html.count("<a href=")
