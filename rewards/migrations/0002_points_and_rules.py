"""The platform's points and the rules a new site starts with (editors change them in the admin)."""

from django.db import migrations

RULES = [
    ("comment_approved", "댓글이 게시됨", "A comment is shown", 5, 10),
    ("answer_accepted", "답변이 채택됨", "An answer is accepted", 15, None),
    ("helpful_received", "도움이 됐어요를 받음", "Someone found a comment helpful", 2, 20),
]


def forwards(apps, schema_editor):
    Currency = apps.get_model("rewards", "Currency")
    EarningRule = apps.get_model("rewards", "EarningRule")
    points, _made = Currency.objects.get_or_create(code="points", defaults={"name": "포인트", "name_en": "Points"})
    for event, name, name_en, amount, cap in RULES:
        if not EarningRule.objects.filter(event=event).exists():
            EarningRule.objects.create(event=event, name=name, name_en=name_en, points=amount, daily_cap=cap,
                                       currency=points)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
