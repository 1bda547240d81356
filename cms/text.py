"""Plain text from HTML, the one way every part of the project does it.

Django's ``strip_tags`` drops tags and nothing else, so ``<p>…마케팅</p><p>인터럽션…</p>`` reads
``마케팅인터럽션``: the first word of each paragraph, list item, heading or table cell is glued to the
word before it, which search cannot find and snippets, summaries, feeds and plain-text emails show.
Here a block-level boundary (and ``<br>``) is a line break and a table cell a space, entities are
decoded once, and what is never shown as text (scripts, styles, templates) is dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose start and end separate lines of text (HTML's flow content that is not phrasing).
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr",
    "ul", "option", "legend", "title",
})
CELL = frozenset({"td", "th"})
HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "iframe", "object", "svg"})
_SPACES = re.compile(r"[^\S\n]+")
_MARKUP = re.compile(r"[<&]")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCK:
            self.parts.append("\n")
        elif tag in CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.parts.append("\n")
        elif tag in CELL:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK:
            self.parts.append("\n")
        elif tag in CELL:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(value: object, *, separator: str = "\n") -> str:
    """The text of an HTML fragment: one line per block (joined by ``separator``), spaces collapsed."""
    text = str(value or "")
    if _MARKUP.search(text):
        parser = _TextParser()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return separator.join(line for line in lines if line)


def first_paragraph(value: object) -> str:
    """The first non-empty paragraph of an HTML fragment (its first block of text if it has no ``<p>``)."""
    text = str(value or "")
    for match in re.finditer(r"<p[\s>].*?</p>", text, flags=re.DOTALL | re.IGNORECASE):
        line = html_to_text(match.group(0), separator=" ")
        if line:
            return line
    return html_to_text(text, separator=" ")
