"""Rules for events: registering, and checking in with the code shown at the event."""

from django.db import migrations

RULES = [
    ("event_registered", "이벤트 참가 신청", "Registers for an event", 3, 5),
    ("event_attended", "이벤트 현장 체크인", "Checks in at an event", 20, None),
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
    dependencies = [("rewards", "0002_points_and_rules")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
