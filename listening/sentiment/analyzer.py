"""Rules over a lexicon: each polar word counts its weight, turned by a negation near it (안 좋다, 좋지
않다, not good), strengthened by an intensifier before it (너무, very), and weighed by its place around
a contrast (비싸지만 좋다, expensive but good: what follows the contrast counts more). Korean text is
read as Kiwi morphemes, so 좋아요, 좋네요 and 좋았지만 all meet the stem 좋.

Kiwi reads each word (the text between spaces) on its own, and a word once read is remembered: people
use the same few thousand words again and again, so most of a mention is already known and Kiwi, the
slow part, reads only the new words (a batch of them at once, on every core). Read alone, a word loses
little that matters here: negation, intensifiers and contrast are read across words anyway.

This is the fallback the trained model replaces once staff have labelled enough mentions."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from search.analysis import kiwi

from . import lexicon

HANGUL = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]")
EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[:;]-?[()]")
THRESHOLD = 0.25  # |score| below this is neutral


@dataclass(frozen=True)
class Judgement:
    label: str  # positive, neutral, negative
    score: float  # −1 … 1


Morpheme = tuple[str, str]  # (form, tag)
WORDS_REMEMBERED = 200_000
_words: dict[str, tuple[Morpheme, ...]] = {}
read_count = {"words": 0}  # how many words Kiwi has had to read (bench/listening prints the share)


def language_of(text: str) -> str:
    return "ko" if HANGUL.search(text or "") else "en"


def _read(words: list[str]) -> None:
    """Read the words not yet known, all at once (Kiwi spreads a list over its worker threads)."""
    new = [w for w in dict.fromkeys(words) if w not in _words]
    if not new:
        return
    if len(_words) + len(new) > WORDS_REMEMBERED:
        _words.clear()  # a rare reset beats the bookkeeping of a least-recently-used order
    read_count["words"] += len(new)
    # The search app's Kiwi: one model in memory, its worker threads (one per core) share a list.
    for word, tokens in zip(new, kiwi().tokenize(new), strict=True):
        _words[word] = tuple((t.form, t.tag) for t in tokens)


def forget() -> None:
    """Forget every word read (a measurement that wants Kiwi's share from a cold start)."""
    _words.clear()


def morphemes(text: str) -> list[Morpheme]:
    """The text's morphemes, word by word."""
    words = (text or "").split()
    _read(words)
    return [m for word in words for m in _words[word]]


def prepare(texts: list[str]) -> None:
    """Read a batch's new words in one go, before the texts are judged one by one."""
    _read([w for text in texts if HANGUL.search(text or "") for w in text.split()])


def judge(text: str, language: str | None = None) -> Judgement:
    language = language or language_of(text)
    raw = _korean(morphemes(text)) if language == "ko" or HANGUL.search(text or "") else _english(text)
    score = math.tanh(raw / 2)
    label = "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "neutral"
    return Judgement(label, round(score, 4))


def _weigh(hits: list[tuple[int, float]], contrasts: list[int]) -> float:
    """Hits before the last contrast count half, those after it one and a half."""
    if not contrasts:
        return sum(w for _i, w in hits)
    pivot = contrasts[-1]
    return sum(w * (0.5 if i < pivot else 1.5) for i, w in hits)


def _korean(tokens: list[Morpheme]) -> float:
    hits, contrasts = [], []
    for i, (form, tag) in enumerate(tokens):
        if (tag == "EC" and form in lexicon.KO_CONTRAST_ENDINGS) or form in lexicon.KO_CONTRAST_WORDS:
            contrasts.append(i)
            continue
        if tag == "SW" or form in lexicon.KO_EMOTICONS:
            weight = lexicon.KO_EMOTICONS.get(form)
            if weight is None and form.startswith(("ㅠ", "ㅜ")):
                weight = -0.8
            if weight:
                hits.append((i, weight))
            continue
        weight = lexicon.KO.get(form)
        if weight is None or not tag.startswith(("VA", "VV", "NNG", "XR", "MAG", "NNP")):
            continue
        if i > 0 and tokens[i - 1][1] == "XPN" and tokens[i - 1][0] in lexicon.KO_NEGATIVE_PREFIXES \
                and weight > 0:
            weight = -weight  # 불친절, 무성의
        previous = [f for f, _t in tokens[max(0, i - 2):i]]
        weight *= max([lexicon.KO_INTENSIFIERS.get(f, 1.0) for f in previous] or [1.0])
        if any(f in lexicon.KO_NEGATORS_BEFORE for f in previous[-1:]):
            weight = -weight
        following = tokens[i + 1:i + 4]
        if any(f in lexicon.KO_NEGATORS_AFTER and t in ("VX", "VA", "VV") for f, t in following):
            weight = -weight
        hits.append((i, weight))
    return _weigh(hits, contrasts)


def _english(text: str) -> float:
    words = EN_WORD.findall((text or "").lower())
    hits, contrasts = [], []
    for i, word in enumerate(words):
        if word in lexicon.EN_CONTRAST:
            contrasts.append(i)
            continue
        weight = lexicon.EN.get(word, lexicon.EN_EMOTICONS.get(word))
        if not weight:
            continue
        before = words[max(0, i - 3):i]
        weight *= max([lexicon.EN_INTENSIFIERS.get(w, 1.0) for w in before[-2:]] or [1.0])
        if any(w in lexicon.EN_NEGATORS or w.endswith("n't") for w in before):
            weight = -weight * 0.8  # "not bad" is less good than "good"
        hits.append((i, weight))
    return _weigh(hits, contrasts)
