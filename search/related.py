"""Content that organises itself: related pages by shared words, and topics suggested for a new post.

Embedded: a page's most distinctive terms (tf-idf against the index) become an any-word query;
on Elasticsearch, ``more_like_this`` and ``significant_text`` do the same work in the cluster.
"""

from __future__ import annotations

import math
from collections import Counter

from cms.models import Topic

from .analysis import analyze, nouns
from .backends import SearchQuery, get_backend
from .models import SearchDocument

RELATED_TYPES = ("article", "post", "event")


def _idf(vocab: dict[str, int], total: int, term: str) -> float:
    """Lucene's BM25 idf; 0 for a term in most documents (it tells pages apart from nothing)."""
    df = vocab.get(term, 0)
    if (total >= 10 and df / total > 0.5) or (total >= 3 and df >= total):
        return 0.0
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def distinctive_terms(title: str, summary: str, body: str, limit: int = 10) -> list[str]:
    """The terms that say most about a text: frequent in it, rare in the index."""
    from .service import vocabulary

    vocab = vocabulary()
    total = max(SearchDocument.objects.count(), 1)
    counts: Counter[str] = Counter()
    for weight, text in ((3, title), (2, summary), (1, body[:5000])):
        for term in analyze(text):
            if len(term) > 1 and not term.isdigit():
                counts[term] += weight
    scored = {term: n * _idf(vocab, total, term) for term, n in counts.items()}
    return [t for t, s in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit] if s > 0]


def text_neighbours(page_id: int, *, staff: bool = False, limit: int = 12) -> dict[int, float]:
    """Pages that share the most distinctive words with this one, scored 0…1 (best = 1)."""
    doc = SearchDocument.objects.filter(page_id=page_id).first()
    if doc is None:
        return {}
    backend = get_backend()
    if hasattr(backend, "related"):
        ids = backend.related(page_id, language=doc.language, limit=limit)
        return {pk: 1.0 - i / max(len(ids), 1) for i, pk in enumerate(ids)}
    terms = distinctive_terms(doc.title, doc.summary, doc.body)
    if not terms:
        return {}
    hits = backend.search(SearchQuery(groups=[terms], language=doc.language, include_internal=staff,
                                      limit=limit + 1, facets=False, text=" ".join(terms), any_word=True))
    types = dict(SearchDocument.objects.filter(page_id__in=[c.page_id for c in hits.candidates])
                 .values_list("page_id", "page_type"))
    found = [c for c in hits.candidates if c.page_id != page_id and types.get(c.page_id) in RELATED_TYPES]
    best = max((c.score for c in found), default=0) or 1.0
    return {c.page_id: c.score / best for c in found[:limit]}


def suggest_topics(title: str, body: str, *, language: str = "ko", limit: int = 6) -> list[dict]:
    """Topics for a post being filed: existing topics first (by the words and by similar pages),
    then new nouns that stand out. Each has a score 0…1 and says whether it exists already."""
    text = f"{title}\n{body}"
    terms = distinctive_terms(title, "", body, limit=12)
    if not terms:
        return []
    weights = {t: 1.0 - i / (len(terms) + 1) for i, t in enumerate(terms)}
    scores: Counter[int] = Counter()
    topics = list(Topic.objects.all())
    for topic in topics:
        names = set(analyze(topic.name)) | set(analyze(topic.name_en or ""))
        overlap = sum(weights.get(n, 0.0) for n in names)
        if overlap:
            scores[topic.pk] += 2 * overlap
    # topics of the pages most like this text
    backend = get_backend()
    if hasattr(backend, "significant_terms"):
        for i, word in enumerate(backend.significant_terms(text)):
            weights.setdefault(word, 0.5 - i / 40)
    hits = backend.search(SearchQuery(groups=[terms], include_internal=True, limit=10, facets=False,
                                      text=" ".join(terms), any_word=True))
    slug_to_pk = {t.slug: t.pk for t in topics}
    best = max((c.score for c in hits.candidates), default=0) or 1.0
    docs = SearchDocument.objects.in_bulk([c.page_id for c in hits.candidates])
    for c in hits.candidates:
        for t in docs[c.page_id].topics if c.page_id in docs else []:
            if t["slug"] in slug_to_pk:
                scores[slug_to_pk[t["slug"]]] += c.score / best
    by_pk = {t.pk: t for t in topics}
    out = []
    top = max(scores.values(), default=0) or 1.0
    for pk, score in scores.most_common(limit):
        topic = by_pk[pk]
        out.append({"name": topic.label(language), "slug": topic.slug, "existing": True,
                    "score": round(score / top, 3)})
    known = {n for t in topics for n in (t.name.lower(), (t.name_en or "").lower())}
    noun_set = set(nouns(text))
    # significant_text words from Elasticsearch are nouns by its own analysis; ours must be Kiwi nouns
    for term in sorted(weights, key=lambda t: -weights[t]):
        if len(out) >= limit:
            break
        is_noun = term in noun_set or term not in terms
        if is_noun and term.lower() not in known and not any(term in o["name"] for o in out):
            out.append({"name": term, "slug": None, "existing": False, "score": round(weights[term] / 2, 3)})
    return out
