"""A generated Korean/English corpus for bench/search, with ground truth for particle recall.

Vocabulary: the nouns, verbs and English words of the demo content (real words), plus synthetic
two- and three-syllable Korean nouns and English words for a long tail. Word use follows a Zipf
law, as in real text. Korean nouns always carry a particle in the body (을/를, 은/는, 이/가, 에서,
(으)로, 과/와, 의), so a search for the bare noun must look through the particle to find them.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ("가간강개거건경계고공과관교구국군규기길나남내노다단당대도동두라란래려력로류리마만명모무문미민"
             "바박반방배범법변보본부분비사산상서선설성세소손송수순시신실심아안양어언여연영예오온완외요용우운원"
             "위유육은음의이인일자장재전정제조종주준중지진차창채천청초총추축충치친타탄태토통투파판편평포표품피"
             "하한할함항해행향허현형호화환활황회효후훈휘희")
VERBS = ["정리했다", "공유했다", "만들었다", "나눴다", "준비했다", "바꿨다", "살폈다", "시작했다", "모았다", "기록했다",
         "설명했다", "확인했다", "논의했다", "발표했다", "개선했다"]
ENGLISH_FILLERS = ["the", "a", "our", "for", "with", "and", "in", "of", "to", "from"]
ENGLISH_VERBS = ["shared", "planned", "reviewed", "built", "measured", "changed", "started", "recorded", "wrote",
                 "discussed", "improved", "tested"]


def has_final_consonant(word: str) -> bool:
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def with_particle(noun: str, rnd: random.Random) -> str:
    final = has_final_consonant(noun)
    choices = [("을" if final else "를"), ("은" if final else "는"), ("이" if final else "가"), "에서",
               ("으로" if final else "로"), ("과" if final else "와"), "의"]
    return noun + rnd.choice(choices)


def _demo_words() -> tuple[list[str], list[str]]:
    from search.analysis import kiwi

    ko = " ".join(p.read_text() for p in sorted((ROOT / "cms/demo/content/ko").rglob("*.md")))
    en = " ".join(p.read_text() for p in sorted((ROOT / "cms/demo/content/en").rglob("*.md")))
    nouns = sorted({t.form for t in kiwi().tokenize(ko) if t.tag == "NNG" and len(t.form) >= 2})
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", en)})
    return nouns, words


def _consistent(noun: str) -> bool:
    """Kiwi reads the noun alone and with each particle as that noun (the synthetic ones must)."""
    from search.analysis import analyze

    if analyze(noun) != [noun]:
        return False
    rnd = random.Random(noun)
    return all(analyze(with_particle(noun, rnd)) == [noun] for _ in range(4))


def vocabulary(seed: int, korean_size: int = 6000, english_size: int = 3000) -> tuple[list[str], list[str]]:
    rnd = random.Random(seed)
    nouns, words = _demo_words()
    seen = set(nouns)
    while len(nouns) < korean_size:
        candidate = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((2, 2, 3))))
        if candidate not in seen:
            seen.add(candidate)
            if _consistent(candidate):
                nouns.append(candidate)
    seen_en = set(words)
    consonants, vowels = "bcdfgklmnprstvz", "aeiou"
    while len(words) < english_size:
        w = "".join(rnd.choice(consonants) + rnd.choice(vowels) for _ in range(rnd.choice((2, 3)))) + rnd.choice(
            consonants)
        if w not in seen_en:
            seen_en.add(w)
            words.append(w)
    rnd.shuffle(nouns)
    rnd.shuffle(words)
    return nouns, words


class Zipf:
    def __init__(self, n: int, s: float = 1.0):
        self.cumulative = list(accumulate(1 / (rank ** s) for rank in range(1, n + 1)))

    def pick(self, rnd: random.Random) -> int:
        return bisect(self.cumulative, rnd.random() * self.cumulative[-1])


@dataclass
class Doc:
    id: int
    language: str
    title: str
    summary: str
    body: str
    words: set[str] = field(default_factory=set)  # the nouns/words it contains, for ground truth


def generate(n: int, seed: int = 7, english_share: float = 0.3) -> tuple[list[Doc], list[str], list[str]]:
    nouns, words = vocabulary(seed)
    rnd = random.Random(seed + n)
    zk, ze = Zipf(len(nouns)), Zipf(len(words))
    docs = []
    for i in range(1, n + 1):
        if rnd.random() < english_share:
            picked = [words[ze.pick(rnd)] for _ in range(rnd.randint(25, 45))]
            title = " ".join(w.capitalize() for w in picked[:3])
            sentences = []
            for j in range(3, len(picked), 6):
                chunk = picked[j:j + 6]
                inflected = [w + rnd.choice(["", "", "s", "ing", "ed"]) for w in chunk]
                sentences.append(f"{rnd.choice(ENGLISH_FILLERS).capitalize()} {' '.join(inflected[:3])} "
                                 f"{rnd.choice(ENGLISH_VERBS)} {' '.join(inflected[3:])}.")
            docs.append(Doc(i, "en", title, sentences[0], " ".join(sentences[1:]), set(picked)))
        else:
            picked = [nouns[zk.pick(rnd)] for _ in range(rnd.randint(20, 36))]
            title = " ".join(picked[:3])
            sentences = []
            for j in range(3, len(picked), 3):
                chunk = picked[j:j + 3]
                sentences.append(" ".join(with_particle(w, rnd) for w in chunk) + " " + rnd.choice(VERBS) + ".")
            docs.append(Doc(i, "ko", title, sentences[0], " ".join(sentences[1:]), set(picked)))
    return docs, nouns, words


def _band(bands, r: float) -> tuple[int, int]:
    for share, lo, hi in bands:
        if r < share:
            return lo, hi
        r -= share
    return bands[-1][1], bands[-1][2]


def query_set(docs: list[Doc], nouns: list[str], words: list[str], size: int, seed: int = 11) -> list[str]:
    """A mixed set: single words that are common, middling or rare (by Zipf rank), and two or three
    words that occur together in some document; Korean with particles, English inflected."""
    rnd = random.Random(seed)
    bands = [(0.25, 5, 60), (0.35, 60, 600), (0.40, 600, 4000)]
    out = []
    while len(out) < size:
        english = rnd.random() < 0.3
        if rnd.random() < 0.6:
            vocab = words if english else nouns
            lo, hi = _band(bands, rnd.random())
            picked = [vocab[rnd.randrange(lo, min(hi, len(vocab)))]]
        else:
            doc = rnd.choice([d for d in docs[:2000] if (d.language == "en") == english])
            picked = rnd.sample(sorted(doc.words), rnd.choice((2, 3)))
        if english:
            out.append(" ".join(w + rnd.choice(["", "s", "ing"]) for w in picked))
        else:
            out.append(" ".join(with_particle(w, rnd) if rnd.random() < 0.7 else w for w in picked))
    return out
