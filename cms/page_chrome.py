"""Telling a page's content from its chrome: the navigation, skip links, ad slots, category lists,
comment counters and footers a blog or CMS theme wraps around an article.

HTML goes through trafilatura, which reads the page's structure; plain text can only be judged line
by line, so those lines are reported for a person to decide.
"""

from __future__ import annotations

import re

import trafilatura
from bs4 import BeautifulSoup

from .text import html_to_text

# Lines a blog or CMS theme adds around an article (Korean portals' and the usual English ones).
CHROME_LINES = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^\d{2,4}\s*[x×]\s*\d{2,4}$",  # an ad slot's size: 728x90
    r"^(본문|메뉴|내용)\s*(으로)?\s*(바로\s*가기|건너뛰기)$", r"^skip (to|navigation)\b",
    r"^(댓글|공감|조회\s*수?|좋아요|스크랩|comments?|likes?|views?)\s*[:(]?\s*\d[\d,]*\)?$",
    r"^(이전|다음)\s*(글|포스트|게시물)\b", r"^(previous|next)\s+(post|article)\b",
    r"^(분류\s*전체\s*보기|전체\s*카테고리|카테고리|categories)$", r"^[^.!?。]{1,30}\s\(\d+\)$",
    r"^(구독하기|공유하기|신고하기|로그인|메뉴|share|subscribe|menu|log\s?in|sign\s?in|top)$",
    r"(powered by|designed by|all rights reserved|copyright\s*(©|\(c\)))", r"^©\s*\d{4}",
    r"^(홈|home)\s*[>›»]", r"^(태그|tags?)\s*[:：]",
)]


def chrome_lines(text: str) -> list[str]:
    """Lines that look like a page's navigation or widgets rather than its content, numbered."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and len(line) <= 80 and any(p.search(line) for p in CHROME_LINES):
            found.append(f"line {number}: {line}")
    return found


def main_content(document: str) -> tuple[str, str]:
    """The article of an HTML page without its chrome, and the page's title ("" when it has none).

    A fragment too short for trafilatura to judge is kept whole (it has no chrome to drop).
    """
    extracted = trafilatura.extract(document, output_format="html", include_formatting=True, include_links=True,
                                    include_tables=True, include_images=False, include_comments=False,
                                    favor_precision=True)
    metadata = trafilatura.extract_metadata(document)
    title = (metadata.title or "").strip() if metadata is not None else ""
    if extracted and len(html_to_text(extracted)) >= len(html_to_text(document)) * 0.2:
        soup = BeautifulSoup(extracted, "html.parser")
    else:
        soup = BeautifulSoup(document, "html.parser")
    body = soup.body or soup
    return "".join(str(child) for child in body.children), title
