"""Turning Korean and English text into search terms, the same way at index and at query time.

Korean attaches particles and endings to words ("마케팅을", "마케팅은"), so a plain tokenizer keeps
them as different words. Kiwi splits them into morphemes; we keep the content-bearing ones
(nouns, foreign words, numbers, roots and verb/adjective stems) and drop particles and endings.
Compound nouns written together ("소통마케팅") are indexed both as their parts and as the whole,
like nori's ``decompound_mode: mixed``; queries use the parts, so either spelling finds them.
English words are lower-cased and Snowball-stemmed ("campaigns" → "campaign").

Kiwi loads its model from the wheel (about a second, a few hundred MB), once per process.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.conf import settings

# Kiwi part-of-speech tags worth indexing: general/proper nouns, foreign words, numbers, Hanja, roots,
# verb and adjective stems.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XR", "VV", "VA"})
NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XR"})
# Stems too common to tell pages apart (하다, 되다, 있다, 없다, 이다, 않다, 같다).
STOP_STEMS = frozenset({"하", "되", "있", "없", "이", "않", "같", "보", "주"})
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be but by for from has have how i in is it its of on or our that the their this to "
    "was we were what when which who why will with you your".split()
)
MAX_TEXT = 60_000  # characters per field: enough for any article, bounded for any paste

_lock = threading.Lock()
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def kiwi():
    from kiwipiepy import Kiwi

    with _lock:
        instance = Kiwi()
        for word in getattr(settings, "SEARCH_USER_WORDS", ()):
            instance.add_user_word(word, "NNP", 0)  # brand terms stay whole (nori's user dictionary)
        return instance


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """NFKC (full-width letters, compatibility jamo), collapsed whitespace, no control characters."""
    text = unicodedata.normalize("NFKC", text or "")
    if not text.isprintable():  # rare: the per-character pass only when there is something to replace
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _latin_terms(word: str) -> list[str]:
    out = []
    for part in _WORD.findall(word.lower()):
        if part in ENGLISH_STOPWORDS:
            continue
        out.append(_stemmer().stemWord(part) if part.isascii() and part.isalpha() else part)
    return out


def _terms_from_tokens(tokens, compounds: bool) -> list[str]:
    terms: list[str] = []
    run: list = []  # adjacent nouns written without a space: a compound

    def flush():
        if compounds and len(run) > 1:
            terms.append("".join(t.form for t in run))
        run.clear()

    for token in tokens:
        tag = token.tag.split("-")[0]
        if tag in ("NNG", "NNP") and run and run[-1].start + run[-1].len == token.start:
            run.append(token)
        else:
            flush()
            if tag in ("NNG", "NNP"):
                run.append(token)
        if tag == "SL":
            terms.extend(_latin_terms(token.form))
        elif tag in ("VV", "VA"):
            if token.form not in STOP_STEMS:
                terms.append(token.form)
        elif tag in CONTENT_TAGS:
            terms.append(token.form.lower())
    flush()
    return terms


# Particles (josa) that end a Korean word, longest first: stripping them gives the word's surface stem.
PARTICLES = tuple(sorted(
    "에서부터 으로부터 에게서 한테서 으로서 으로써 까지 부터 에서 에게 한테 께서 으로 처럼 보다 마다 이랑 하고 "
    "과 와 을 를 은 는 이 가 의 에 로 도 만 랑".split(), key=len, reverse=True))
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def surface_stem(word: str) -> str | None:
    """A Korean word without its trailing particle ("도나로" → "도나"), or the word itself.

    Kiwi reads words in context and, for a rare or new word, sometimes reads the particle into it
    ("도나로" → 돌 + …). The surface stem is indexed beside Kiwi's morphemes and offered as an
    alternative at query time, so such words are still found (nori has the same failure mode).
    """
    word = _EDGE.sub("", word.lower())
    if len(word) < 2 or not _HANGUL.search(word):
        return None
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def surface_terms(text: str) -> list[str]:
    return [stem for stem in (surface_stem(w) for w in text.split()) if stem]


def analyze(text: str, *, compounds: bool = True) -> list[str]:
    """Search terms of ``text`` in order (repeats kept: they count for ranking), then surface stems."""
    text = normalize(text)[:MAX_TEXT]
    if not text:
        return []
    return _finish(text, kiwi().tokenize(text), compounds)


def analyze_many(texts: list[str], *, compounds: bool = True) -> list[list[str]]:
    """``analyze`` for many texts at once: Kiwi reads a batch on all its worker threads (one per core),
    which more than doubled indexing on two cores. Same terms as ``analyze`` text by text."""
    cleaned = [normalize(t)[:MAX_TEXT] for t in texts]
    present = [t for t in cleaned if t]
    tokens = iter(kiwi().tokenize(present)) if present else iter(())
    return [_finish(t, next(tokens), compounds) if t else [] for t in cleaned]


def _finish(text: str, tokens, compounds: bool) -> list[str]:
    terms = _terms_from_tokens(tokens, compounds)
    if compounds:  # index side: surface stems that Kiwi's morphemes do not already give
        known = set(terms)
        terms.extend(stem for stem in surface_terms(text) if stem not in known)
    return terms


def query_words(text: str) -> list[list[str]]:
    """Per typed word (first 32), its alternatives: Kiwi's morphemes (as one phrase) and its surface stem."""
    out = []
    for word in normalize(text).split()[:32]:
        morphemes = _terms_from_tokens(kiwi().tokenize(word), compounds=False)
        alternatives = []
        if morphemes:
            alternatives.append(" ".join(dict.fromkeys(morphemes)))
        stem = surface_stem(word)
        if stem and stem not in alternatives:
            alternatives.append(stem)
        out.append(alternatives)  # may be empty (punctuation): callers skip those words
    return out


def analyze_query(text: str) -> list[str]:
    """Distinct terms of a query, in order: parts of compounds, no repeats."""
    seen: dict[str, None] = {}
    for term in analyze(text, compounds=False):
        seen.setdefault(term, None)
    return list(seen)


def nouns(text: str) -> list[str]:
    """Nouns and foreign words only (topic suggestions weigh these)."""
    text = normalize(text)[:MAX_TEXT]
    if not text:
        return []
    out = []
    for token in kiwi().tokenize(text):
        tag = token.tag.split("-")[0]
        if tag in ("NNG", "NNP") and len(token.form) > 1:
            out.append(token.form)
        elif tag == "SL" and len(token.form) > 2 and token.form.lower() not in ENGLISH_STOPWORDS:
            out.append(token.form.lower())
    return out
