from django.db import migrations

RULES = {"page_view": 1, "pillar_view": 3, "email_open": 1, "email_click": 5, "event_registration": 10,
         "consent_given": 2, "wizard_completed": 15}
THRESHOLDS = {"lead": 5, "mql": 20, "sql": 50}


def defaults(apps, schema_editor):
    ScoringRule = apps.get_model("nurture", "ScoringRule")
    StageThreshold = apps.get_model("nurture", "StageThreshold")
    for kind, points in RULES.items():
        ScoringRule.objects.get_or_create(kind=kind, defaults={"points": points})
    for stage, score in THRESHOLDS.items():
        StageThreshold.objects.get_or_create(stage=stage, defaults={"min_score": score})


class Migration(migrations.Migration):
    dependencies = [("nurture", "0002_engagement")]
    operations = [migrations.RunPython(defaults, migrations.RunPython.noop)]
