"""Scoring and explanations, on plain definitions: hard rules, match %, the partner cap, determinism."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from shop_wizard.scoring import PARTNER_CAP, TOP, ProductFacts, recommend

TAGS = ["a", "b", "c", "d", "e", "f"]


def option(oid, label="", require=(), exclude=(), boosts=None, reason="", less_ideal="", content=None):
    return {"id": oid, "label": label or oid, "reason": reason, "less_ideal": less_ideal, "require": list(require),
            "exclude": list(exclude), "boosts": boosts or {}, "content": content, "topics": []}


def question(key, options, kind="single", importance=2, optional=False):
    return {"key": key, "text": key, "help_text": "", "kind": kind, "importance": importance, "optional": optional,
            "options": options}


def test_full_and_partial_matches_explain_themselves():
    definition = {"language": "en", "questions": [
        question("need", [option("events", boosts={"a": 3}, reason="Ready for events.",
                                 less_ideal="Not made for events.")]),
        question("where", [option("online", boosts={"b": 2}, reason="Works online.")]),
    ]}
    products = [ProductFacts(1, None, frozenset({"a", "b"})), ProductFacts(2, None, frozenset({"b"})),
                ProductFacts(3, None, frozenset({"c"}))]
    outcome = recommend(definition, {"need": ["events"], "where": ["online"]}, products)
    assert [(p.product, p.match, p.full) for p in outcome.picks] == [(1, 100, True), (2, 40, False)]
    assert outcome.picks[0].why == ["Ready for events.", "Works online."]
    assert outcome.picks[1].why == ["Works online."]
    assert outcome.picks[1].less_ideal == "Not made for events."  # the editor's text for the answer it misses


def test_required_and_excluded_tags_are_hard_rules():
    definition = {"questions": [
        question("budget", [option("free", require=["free"])]),
        question("place", [option("online", exclude=["offline"], boosts={"a": 1})]),
    ]}
    products = [ProductFacts(1, None, frozenset({"free", "a"})), ProductFacts(2, None, frozenset({"a"})),
                ProductFacts(3, None, frozenset({"free", "a", "offline"}))]
    outcome = recommend(definition, {"budget": ["free"], "place": ["online"]}, products)
    assert [p.product for p in outcome.picks] == [1]


def test_nothing_matching_gives_the_fallback_with_content():
    definition = {"questions": [question("q", [option("x", require=["zzz"], content=42)])]}
    outcome = recommend(definition, {"q": ["x"]}, [ProductFacts(1, None, frozenset({"a"}))])
    assert outcome.fallback and outcome.content == [42]


def test_partner_cap_keeps_two_of_the_top_three_and_moves_the_third_down():
    definition = {"questions": [question("q", [option("x", boosts={"a": 3, "b": 1})])]}
    products = [ProductFacts(1, 7, frozenset({"a"})), ProductFacts(2, 7, frozenset({"a"})),
                ProductFacts(3, 7, frozenset({"a"})), ProductFacts(4, 8, frozenset({"b"}))]
    outcome = recommend(definition, {"q": ["x"]}, products)
    assert [p.product for p in outcome.picks] == [1, 2, 4, 3]


# --- properties ---------------------------------------------------------------------------------

weights = st.dictionaries(st.sampled_from(TAGS), st.integers(-10, 10), max_size=3)
options_st = st.lists(
    st.tuples(weights, st.lists(st.sampled_from(TAGS), max_size=2), st.lists(st.sampled_from(TAGS), max_size=1)),
    min_size=1, max_size=4)
products_st = st.lists(
    st.tuples(st.sampled_from([None, 1, 2, 3]), st.frozensets(st.sampled_from(TAGS), max_size=4)),
    min_size=0, max_size=25)


@st.composite
def cases(draw):
    questions, answers = [], {}
    for qi in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["single", "multiple"]))
        opts = [option(f"q{qi}o{oi}", boosts=b, require=r, exclude=x)
                for oi, (b, r, x) in enumerate(draw(options_st))]
        questions.append(question(f"q{qi}", opts, kind=kind, importance=draw(st.integers(1, 3))))
        count = 1 if kind == "single" else draw(st.integers(1, len(opts)))
        answers[f"q{qi}"] = [o["id"] for o in draw(st.permutations(opts))[:count]]
    products = [ProductFacts(i + 1, partner, tags) for i, (partner, tags) in enumerate(draw(products_st))]
    return {"questions": questions}, answers, products


@settings(max_examples=300, deadline=None)
@given(cases(), st.randoms())
def test_properties_hold_for_any_wizard_and_catalogue(case, rnd):
    definition, answers, products = case
    outcome = recommend(definition, answers, products, limit=50)
    chosen = [o for q in definition["questions"] for o in q["options"] if o["id"] in answers[q["key"]]]
    excluded = {t for o in chosen for t in o["exclude"]}
    by_id = {p.id: p for p in products}
    for pick in outcome.picks:
        assert 0 <= pick.match <= 100
        assert not (by_id[pick.product].tags & excluded)  # an excluded product never appears
    top = [p.partner for p in outcome.picks[:TOP] if p.partner is not None]
    assert all(top.count(partner) <= PARTNER_CAP for partner in top)
    fulls = [p.full for p in outcome.picks]
    assert fulls == sorted(fulls, reverse=True)  # full matches are shown before partial ones
    shuffled = list(products)
    rnd.shuffle(shuffled)
    again = recommend(definition, answers, shuffled, limit=50)
    assert [p.product for p in again.picks] == [p.product for p in outcome.picks]  # same answers, same order


def test_match_is_relative_to_the_best_any_product_could_get():
    definition = {"questions": [question("q", [option("x", boosts={"a": 4, "b": 2})], importance=3)]}
    products = [ProductFacts(1, None, frozenset({"a", "b"})), ProductFacts(2, None, frozenset({"b"}))]
    picks = recommend(definition, {"q": ["x"]}, products).picks
    assert [(p.product, p.match) for p in picks] == [(1, 100), (2, 50)]  # capped at the option's best weight


def test_order_does_not_depend_on_catalogue_order():
    definition = {"questions": [question("q", [option("x", boosts={"a": 1})])]}
    products = [ProductFacts(i, None, frozenset({"a"})) for i in range(1, 30)]
    random.Random(3).shuffle(products)
    assert [p.product for p in recommend(definition, {"q": ["x"]}, products).picks] == list(range(1, 13))


def reference(definition, answers, products):
    """Scoring written the plain way, product by product: the indexed version must agree with it."""
    from shop_wizard.scoring import _explain, _weighted, chosen

    answered = chosen(definition, answers)
    required = [r for r in (set().union(*(o["require"] for o in options)) for _, options in answered) if r]
    excluded = set().union(*(o["exclude"] for _, options in answered for o in options))
    weighted = _weighted(answered)
    possible = sum(m * max(b for _, b in scored) for m, scored in weighted)
    out = {}
    for p in products:
        if p.tags & excluded or any(not (r & p.tags) for r in required):
            continue
        gained, fits = 0.0, 0
        for m, scored in weighted:
            best_here = max([min(b, sum(w for t, w in o["boosts"].items() if t in p.tags)) for o, b in scored] + [0])
            gained += m * best_here
            fits += best_here > 0
        if possible > 0 and gained <= 0:
            continue
        match = 100 if possible == 0 else max(0, min(100, round(100 * gained / possible)))
        out[p.id] = (match, fits == len(weighted), _explain(weighted, p.tags, "ko"))
    return out


@settings(max_examples=300, deadline=None)
@given(cases())
def test_indexed_scoring_agrees_with_the_plain_reference(case):
    definition, answers, products = case
    expected = reference(definition, answers, products)
    for pick in recommend(definition, answers, products, limit=50).picks:
        assert expected[pick.product] == (pick.match, pick.full, (pick.why, pick.less_ideal))
