"""The complaint types a new site starts with (editors rename them, change their cues, teams and
service levels). Service levels follow common help-desk targets: urgent 1 h / 8 h, high 4 h / 24 h,
normal 24 h / 72 h."""

from django.db import migrations

TYPES = [
    ("delivery", "배송", "Delivery", "배송\n택배\n도착\n지연\n파손\n누락\ndelivery\nshipping\nparcel\narrived", "high", 4, 24),
    ("quality", "품질", "Quality", "불량\n고장\n품질\n하자\n찢어\n깨져\nbroken\ndefect\nquality\ndamaged", "high", 4, 24),
    ("price", "가격", "Price", "가격\n비싸\n요금\n환불\n결제\nprice\nexpensive\nrefund\ncharged", "normal", 24, 72),
    ("service", "서비스", "Service", "불친절\n상담\n응대\n직원\n답변\nrude\nsupport\nstaff\nno answer", "normal", 24, 72),
    ("bug", "오류", "Bug", "오류\n에러\n버그\n튕기\n먹통\n로그인\nerror\nbug\ncrash\nlogin", "high", 4, 24),
    ("event-safety", "행사 안전", "Event safety", "안전\n다쳤\n부상\n위험\n사고\nsafety\ninjured\nunsafe\naccident",
     "urgent", 1, 8),
    ("other", "기타", "Other", "", "low", 48, 120),
]


def forwards(apps, schema_editor):
    ComplaintType = apps.get_model("listening", "ComplaintType")
    if ComplaintType.objects.exists():
        return
    for order, (slug, name, name_en, cues, priority, first, resolve) in enumerate(TYPES, start=1):
        ComplaintType.objects.create(slug=slug, name=name, name_en=name_en, cues=cues, priority=priority,
                                     first_response_hours=first, resolution_hours=resolve, order=order * 10)


class Migration(migrations.Migration):
    dependencies = [("listening", "0004_cases")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
