"""Rules for the rest of what members do: filing an output, a referred friend verifying, completing
the wizard, reading a pillar page to the end."""

from django.db import migrations

RULES = [
    ("output_filed", "보고서·산출물 등록", "Files an event report or a project output", 10, 3),
    ("referral_verified", "친구 초대", "A referred friend verifies their address", 20, 5),
    ("wizard_completed", "쇼핑 도우미 완료", "Completes the shop wizard", 5, 3),
    ("pillar_read", "필러 글 끝까지 읽기", "Reads a pillar page to the end", 3, 5),
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
    dependencies = [("rewards", "0009_referrals")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
