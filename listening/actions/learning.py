"""The learning loop: staff correct a mention's sentiment, every correction is kept, and a linear model
(scikit-learn) is trained from them: on Kiwi morphemes and word pairs, with the lexicon's own verdict
as one more feature (the model learns how far to trust it). A share of the labels is held out to
measure it, beside the lexicon on the same labels; a version goes into use only when it beats the
lexicon there. Until then, and with too few labels, the lexicon judges.

The project ships seed labels (listening/data/seed.tsv: customer talk written for it), so the first
version, trained before staff have labelled anything, already knows questions from complaints; staff
labels join them and win where they label the same text. bench/listening measures that shipped
version on listening/data/eval.tsv, written apart from the seed and the lexicon."""

from __future__ import annotations

import io
import time
from functools import lru_cache
from pathlib import Path

import joblib
from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from ..models import Label, Mention, SentimentModel
from ..sentiment import Judgement, judge
from ..sentiment.analyzer import HANGUL, morphemes, prepare
from .cases import suggest_types

LABELS = ["negative", "neutral", "positive"]
HELD_OUT = 0.25
CONTENT_TAGS = ("NN", "VV", "VA", "VX", "MA", "XR", "XP", "SW", "EC", "MM")
DATA = Path(__file__).resolve().parent.parent / "data"


def min_labels() -> int:
    return settings.LISTENING_MIN_LABELS


def features(text: str) -> list[str]:
    """Morphemes (Korean) or words (English), their pairs, and the lexicon's verdict."""
    if HANGUL.search(text):
        units = [f"{form}/{tag[:2]}" for form, tag in morphemes(text) if tag.startswith(CONTENT_TAGS)]
    else:
        units = [w for w in "".join(c.lower() if c.isalnum() or c == "'" else " " for c in text).split()]
    pairs = [f"{a} {b}" for a, b in zip(units, units[1:], strict=False)]
    return [*units, *pairs, f"LEXICON:{judge(text).label}"]


def label(mention: Mention, sentiment: str, user) -> Mention:
    """A staff member's correction: kept, and the mention shows it at once."""
    if sentiment not in LABELS:
        raise ValueError(sentiment)
    with transaction.atomic():
        Label.objects.create(mention=mention, sentiment=sentiment, by=user)
        Mention.objects.filter(pk=mention.pk).update(sentiment=sentiment, sentiment_by=Mention.By.STAFF,
                                                     sentiment_score={"positive": 1.0, "negative": -1.0}.get(
                                                         sentiment, 0.0))
    mention.refresh_from_db()
    if sentiment == "negative" and suggest_types([mention]):  # a complaint the judge missed gets its type too
        mention.refresh_from_db()
    return mention


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from a file of ``label<TAB>text`` lines (# starts a comment)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentiment, text = line.split("\t", 1)
            if sentiment not in LABELS:
                raise ValueError(f"{path.name}: {sentiment!r} is not one of {LABELS}")
            pairs.append((text.strip(), sentiment))
    return pairs


def seed_labels() -> list[tuple[str, str]]:
    return read_labelled(DATA / "seed.tsv") if settings.LISTENING_SEED_LABELS else []


def labelled() -> tuple[list[str], list[str]]:
    """The seed's labels and each labelled mention's latest label (a staff label wins on the same text)."""
    latest = Label.objects.filter(mention=OuterRef("pk")).order_by("-at", "-pk").values("sentiment")[:1]
    rows = (Mention.objects.filter(labels__isnull=False).distinct().annotate(final=Subquery(latest))
            .order_by("pk").values_list("text", "final"))
    found = dict(seed_labels())
    found.update(rows)
    return list(found), list(found.values())


def train() -> SentimentModel | None:
    """A new version from every label, measured on a held-out share; None with too few labels."""
    texts, ys = labelled()
    if len(texts) < min_labels() or len(set(ys)) < 2:
        return None
    counts = {y: ys.count(y) for y in set(ys)}
    stratify = ys if min(counts.values()) >= 2 else None
    x_train, x_test, y_train, y_test = train_test_split(texts, ys, test_size=HELD_OUT, random_state=0,
                                                        stratify=stratify)
    pipeline = _pipeline().fit(x_train, y_train)
    predicted = pipeline.predict(x_test)
    lexicon = [judge(t).label for t in x_test]
    measured = {
        "accuracy": float(accuracy_score(y_test, predicted)),
        "macro_f1": float(f1_score(y_test, predicted, labels=LABELS, average="macro", zero_division=0)),
        "lexicon_accuracy": float(accuracy_score(y_test, lexicon)),
        "confusion": {"labels": LABELS, "matrix": confusion_matrix(y_test, predicted, labels=LABELS).tolist()},
    }
    final = _pipeline().fit(texts, ys)  # in use: learnt from every label
    blob = io.BytesIO()
    joblib.dump(final, blob)
    with transaction.atomic():
        version = (SentimentModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        better = measured["accuracy"] >= measured["lexicon_accuracy"]
        if better:
            SentimentModel.objects.filter(active=True).update(active=False)
        made = SentimentModel.objects.create(version=version, labels=len(texts), held_out=len(x_test),
                                             active=better, blob=blob.getvalue(), **measured)
    forget()
    return made


def _pipeline():
    return make_pipeline(TfidfVectorizer(analyzer=features, sublinear_tf=True),
                         LogisticRegression(max_iter=2000, class_weight="balanced"))


# The model in use, kept per process; a new version is noticed within CHECK_SECONDS.
CHECK_SECONDS = 60
_state: dict = {"checked": 0.0, "version": None}


def forget() -> None:
    _state.update(checked=0.0, version=None)
    _load.cache_clear()


@lru_cache(maxsize=2)
def _load(version: int):
    blob = SentimentModel.objects.filter(version=version).values_list("blob", flat=True).first()
    return joblib.load(io.BytesIO(bytes(blob))) if blob is not None else None


def active_version() -> int | None:
    if time.monotonic() - _state["checked"] > CHECK_SECONDS:
        _state["version"] = SentimentModel.objects.filter(active=True).values_list("version", flat=True).first()
        _state["checked"] = time.monotonic()
    return _state["version"]


def classify(text: str, language: str | None = None) -> tuple[Judgement, str]:
    """The model's judgement when one is in use, the lexicon's otherwise; and which judged."""
    return classify_many([text], [language])[0]


def classify_many(texts: list[str], languages: list[str | None] | None = None) -> list[tuple[Judgement, str]]:
    """Judge a batch: its new words are read once for all, and the model weighs the batch in one go."""
    if not texts:
        return []
    prepare(texts)
    version = active_version()
    model = _load(version) if version is not None else None
    if model is None:
        languages = languages or [None] * len(texts)
        return [(judge(text, language), Mention.By.LEXICON) for text, language in zip(texts, languages, strict=True)]
    classes = list(model.classes_)
    found = []
    for row in model.predict_proba(texts):
        probabilities = dict(zip(classes, row, strict=True))
        best = max(probabilities, key=probabilities.get)
        score = round(float(probabilities.get("positive", 0.0) - probabilities.get("negative", 0.0)), 4)
        found.append((Judgement(best, score), Mention.By.MODEL))
    return found
