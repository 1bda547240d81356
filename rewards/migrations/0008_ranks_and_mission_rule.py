"""The ranks a new site starts with (renamed and moved in the admin) and points for completing a mission."""

from django.db import migrations

RANKS = [("새싹", "Sprout", 0, False), ("잎새", "Leaf", 50, False), ("나무", "Tree", 200, True),
         ("숲", "Forest", 1000, True)]


def forwards(apps, schema_editor):
    Currency = apps.get_model("rewards", "Currency")
    EarningRule = apps.get_model("rewards", "EarningRule")
    Rank = apps.get_model("rewards", "Rank")
    if not Rank.objects.exists():
        for name, name_en, threshold, links in RANKS:
            Rank.objects.create(name=name, name_en=name_en, threshold=threshold, post_links=links)
    points, _made = Currency.objects.get_or_create(code="points", defaults={"name": "포인트", "name_en": "Points"})
    if not EarningRule.objects.filter(event="mission_completed").exists():
        EarningRule.objects.create(event="mission_completed", name="미션 완료", name_en="Completes a mission",
                                   points=10, currency=points)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0007_ranks_cards_missions")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
