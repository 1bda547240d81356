"""bench/wizard: recommendation time for a 10-question wizard over 1,000 products.

On a scratch SQLite database it creates 40 tags, 5 partners, 1,000 products (a tenth of them
inactive or unavailable) and a published wizard of 10 questions (single and multiple choice, hard
rules and weights), then times random answer sets through:

- recommend: ``shop_wizard.actions.outcome`` (catalogue facts + scoring), what every response waits for;
- respond: ``actions.respond`` (validation, scoring, the stored response), what the API does;
- baseline, in the same run: the catalogue read fresh from the database on every call (no per-process
  facts), so the ratio shows what the kept facts save.

    .venv/bin/python bench/wizard.py [--products 1000] [--questions 10] [--runs 500]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-wizard"
os.environ["VAR_DIR"] = str(VAR)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.search_settings"  # the dev settings on a scratch SQLite file


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(products: int, questions: int, rnd: random.Random):
    from shop_wizard.models import Partner, Product, ProductTag, Question, Wizard

    tags = [ProductTag.objects.create(slug=f"t{i}", name=f"태그 {i}") for i in range(40)]
    partners = [Partner.objects.create(name=f"partner {i}", referral_code=f"r{i}") for i in range(5)]
    through = Product.tags.through
    rows, links = [], []
    for i in range(products):
        rows.append(Product(sku=f"P{i}", slug=f"p{i}", title=f"상품 {i}", url=f"https://x.example/{i}",
                            partner=rnd.choice([None, *partners]), active=rnd.random() > 0.05,
                            availability="in_stock" if rnd.random() > 0.05 else "out_of_stock"))
    Product.objects.bulk_create(rows)
    for product in Product.objects.all():
        for tag in rnd.sample(tags, rnd.randint(3, 8)):
            links.append(through(product_id=product.pk, producttag_id=tag.pk))
    through.objects.bulk_create(links)

    wizard = Wizard(title="bench", slug="bench", live=False)
    items = []
    for q in range(questions):
        options = []
        for o in range(rnd.randint(3, 6)):
            weights = {t.slug: rnd.randint(-2, 5) for t in rnd.sample(tags, rnd.randint(1, 4))}
            options.append({"type": "option", "id": str(uuid.uuid4()), "value": {
                "label": f"답 {q}-{o}", "reason": f"이유 {q}-{o}", "less_ideal": "",
                "require": [rnd.choice(tags).slug] if rnd.random() < 0.1 else [],
                "exclude": [rnd.choice(tags).slug] if rnd.random() < 0.15 else [],
                "boosts": [{"type": "item", "id": str(uuid.uuid4()), "value": {"tag": t, "weight": w}}
                           for t, w in weights.items()], "content": None, "topics": []}})
        items.append(Question(text=f"질문 {q}", kind="multiple" if q % 3 == 2 else "single",
                              importance=rnd.randint(1, 3), options=options, sort_order=q))
    wizard.questions = items
    wizard.save()
    wizard.save_revision().publish()
    wizard.refresh_from_db()
    return wizard


def answers_for(definition: dict, rnd: random.Random) -> dict:
    out = {}
    for q in definition["questions"]:
        ids = [o["id"] for o in q["options"]]
        out[q["key"]] = rnd.sample(ids, rnd.randint(1, 2)) if q["kind"] == "multiple" else [rnd.choice(ids)]
    return out


def timed(fn, inputs) -> list[float]:
    for a in inputs[:20]:
        fn(a)
    times = []
    for a in inputs:
        start = time.perf_counter()
        fn(a)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from shop_wizard import actions

    rnd = random.Random(7)
    wizard = build(args.products, args.questions, rnd)
    version = actions.current_version(wizard)
    definition = version.definition
    inputs = [answers_for(definition, rnd) for _ in range(args.runs)]

    def fresh(answers):
        actions.catalogue_changed()
        return actions.outcome(definition, answers)

    results = {
        "recommend": timed(lambda a: actions.outcome(definition, a), inputs),
        "respond": timed(lambda a: actions.respond(wizard, a, version=version.number, source="bench"), inputs),
        "baseline": timed(fresh, inputs[: max(50, args.runs // 5)]),
    }
    picks = [len(actions.outcome(definition, a).picks) for a in inputs[:100]]
    print(f"{args.products} products ({sum(1 for _ in actions.catalogue())} recommendable), {args.questions} "
          f"questions, {args.runs} random answer sets; picks per answer set: median {statistics.median(picks)}")
    print(f"{'path':28} {'p50 ms':>8} {'p95 ms':>8}")
    labels = {"recommend": "recommend (kept facts)", "respond": "respond (API: + validate, store)",
              "baseline": "baseline (facts re-read)"}
    for name, values in results.items():
        print(f"{labels[name]:28} {statistics.median(values):8.2f} {percentile(values, 95):8.2f}")
    p95 = percentile(results["recommend"], 95)
    print(f"recommend p95 ÷ baseline p95 = {p95 / percentile(results['baseline'], 95):.2f}; "
          f"respond p95 = {percentile(results['respond'], 95):.2f} ms")
    print(f"target recommendation p95 <= 20 ms: {'yes' if p95 <= 20 else 'NO'}"
          f"{'' if percentile(results['respond'], 95) <= 20 else ' (respond NO)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
