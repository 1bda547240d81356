"""How answers pick products: hard rules, then weights, as transparent as the commercial finders.

Pure functions over a frozen wizard definition and plain product facts, so the same code scores a
live visitor, an API call, an editor's preview and a replay of an old response, and the benchmark
measures exactly what visitors wait for.

Per question, the chosen options' rules apply:
- ``require``: the product must carry at least one of the tags the chosen options require;
- ``exclude``: a product carrying any excluded tag is out;
- ``boosts``: a chosen option contributes the summed weight of the product's tags it names, capped
  at that option's best weight; a question counts its best chosen option, times its importance.

Match % is what a product gained over the best any product could gain for these answers. A full
match fits every weighted question; a partial one misses at least one and says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

TOP = 3  # the window the partner cap applies to
PARTNER_CAP = 2  # at most this many of the top TOP from one partner


@dataclass(frozen=True)
class ProductFacts:
    id: int
    partner: int | None
    tags: frozenset[str]


@dataclass
class Pick:
    product: int
    partner: int | None
    match: int  # 0…100
    gained: float
    full: bool
    why: list[str] = field(default_factory=list)
    less_ideal: str = ""

    def as_dict(self) -> dict:
        return {"product": self.product, "partner": self.partner, "match": self.match, "full": self.full,
                "why": self.why, "less_ideal": self.less_ideal}


@dataclass
class Outcome:
    picks: list[Pick]
    content: list[int]  # page ids the answers route to, in question order

    @property
    def full(self) -> list[Pick]:
        return [p for p in self.picks if p.full]

    @property
    def partial(self) -> list[Pick]:
        return [p for p in self.picks if not p.full]

    @property
    def fallback(self) -> bool:
        return not self.picks


def chosen(definition: dict, answers: dict[str, list[str]]) -> list[tuple[dict, list[dict]]]:
    """Each answered question with its chosen options, in the wizard's order (answers are validated)."""
    out = []
    for question in definition["questions"]:
        ids = answers.get(question["key"]) or []
        options = [o for o in question["options"] if o["id"] in ids]
        if options:
            out.append((question, options))
    return out


def _default_less_ideal(option: dict, language: str) -> str:
    if language == "en":
        return f'Does not fit your answer "{option["label"]}".'
    return f"‘{option['label']}’ 답변과는 맞지 않습니다."


def _weighted(answered: list[tuple[dict, list[dict]]]) -> list[tuple[int, list[tuple[dict, int]]]]:
    """Per question that weighs tags: its importance and its chosen options with their best weight."""
    out = []
    for question, options in answered:
        scored = [(o, max(o["boosts"].values(), default=0)) for o in options]
        scored = [(o, best) for o, best in scored if best > 0]
        if scored:
            out.append((question["importance"], scored))
    return out


def recommend(definition: dict, answers: dict[str, list[str]], products: Iterable[ProductFacts],
              *, limit: int = 12) -> Outcome:
    """Rank every eligible product, then explain only the ones shown.

    Weights are added through a tag → products index, so the work grows with the products that
    carry a weighted tag rather than with catalogue × options.
    """
    answered = chosen(definition, answers)
    language = definition.get("language", "ko")
    required = [r for r in (set().union(*(o["require"] for o in options)) for _, options in answered) if r]
    excluded = set().union(*(o["exclude"] for _, options in answered for o in options))
    eligible = [p for p in products if not (p.tags & excluded) and all(r & p.tags for r in required)]
    weighted = _weighted(answered)
    possible = sum(importance * max(best for _, best in scored) for importance, scored in weighted)

    index: dict[str, list[int]] = {}
    wanted = {tag for _, scored in weighted for option, _ in scored for tag in option["boosts"]}
    for i, product in enumerate(eligible):
        for tag in product.tags & wanted:
            index.setdefault(tag, []).append(i)
    gained = [0.0] * len(eligible)
    fitted = [0] * len(eligible)  # weighted questions the product fits
    for importance, scored in weighted:
        best_here: dict[int, float] = {}
        for option, best in scored:
            sums: dict[int, float] = {}
            for tag, weight in option["boosts"].items():
                for i in index.get(tag, ()):
                    sums[i] = sums.get(i, 0) + weight
            for i, total in sums.items():
                got = min(best, total)
                if got > best_here.get(i, 0):
                    best_here[i] = got
        for i, got in best_here.items():
            gained[i] += importance * got
            fitted[i] += 1

    picks = []
    for i, product in enumerate(eligible):
        if possible > 0 and gained[i] <= 0:
            continue  # fits none of the weighted answers: not a recommendation at all
        match = 100 if possible == 0 else max(0, min(100, round(100 * gained[i] / possible)))
        picks.append(Pick(product.id, product.partner, match, gained[i], fitted[i] == len(weighted)))
    picks.sort(key=_order)
    shown = cap_partners(picks)[:limit]
    tags_of = {p.id: p.tags for p in eligible}
    for pick in shown:
        pick.why, pick.less_ideal = _explain(weighted, tags_of[pick.product], language)

    content = []
    for _, options in answered:
        for option in options:
            if option.get("content") and option["content"] not in content:
                content.append(option["content"])
    return Outcome(shown, content)


def _explain(weighted, tags: frozenset[str], language: str) -> tuple[list[str], str]:
    """The reasons of the answers that scored; for a miss, the text of the weightiest answer missed."""
    why: list[str] = []
    missed = None
    for importance, scored in weighted:
        best_here, fit, worst_miss = 0.0, None, None
        for option, best in scored:
            got = min(best, sum(w for tag, w in option["boosts"].items() if tag in tags))
            if got > best_here:
                best_here, fit = got, option
            elif got <= 0 and (worst_miss is None or best > worst_miss[1]):
                worst_miss = (option, best)
        if fit is not None:
            if fit.get("reason") and fit["reason"] not in why:
                why.append(fit["reason"])
        elif worst_miss is not None and (missed is None or importance * worst_miss[1] > missed[1]):
            missed = (worst_miss[0], importance * worst_miss[1])
    less_ideal = ""
    if missed is not None:
        less_ideal = missed[0].get("less_ideal") or _default_less_ideal(missed[0], language)
    return why, less_ideal


def _order(pick: Pick) -> tuple:
    """Full matches first, then by match %, by raw weight, then by product id: the same answers always
    give the same order, whatever order the catalogue was read in."""
    return (not pick.full, -pick.match, -pick.gained, pick.product)


def cap_partners(ordered: list[Pick]) -> list[Pick]:
    """At most PARTNER_CAP of the top TOP from one partner (the company's own products are not capped).

    A pick held back leaves the window and returns right after it. A full match cannot return below
    a partial one, and a window that only one partner can fill stays short: the cap is a promise.
    """
    top: list[Pick] = []
    held: list[Pick] = []
    i = 0
    while i < len(ordered) and len(top) < TOP:
        pick = ordered[i]
        i += 1
        if pick.partner is not None and sum(p.partner == pick.partner for p in top) >= PARTNER_CAP:
            held.append(pick)
        else:
            top.append(pick)
    if len(top) < TOP:
        return top
    rest = sorted(held + ordered[i:], key=_order)
    if not top[-1].full:
        rest = [p for p in rest if not p.full]
    return top + rest
