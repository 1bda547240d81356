# The link from a wizard's results page to the email sequences it starts moves from nurture
# (Sequence.trigger_wizard) to the wizard, so nurture no longer depends on the wizard. Runs before
# nurture drops its field, and copies each link into the wizard and its revisions (an editor's
# next publish starts from the latest revision, which must not lose it).

import modelcluster.fields
from django.db import migrations


def copy_links(apps, schema_editor):
    Sequence = apps.get_model("nurture", "Sequence")
    Wizard = apps.get_model("shop_wizard", "Wizard")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    links: dict[int, list[int]] = {}
    for sequence_id, wizard_id in Sequence.objects.filter(trigger_wizard__isnull=False).values_list(
            "pk", "trigger_wizard_id"):
        links.setdefault(wizard_id, []).append(sequence_id)
    content_type = ContentType.objects.filter(app_label="shop_wizard", model="wizard").first()
    for wizard in Wizard.objects.filter(pk__in=list(links)):
        wizard.email_sequences.set(links[wizard.pk])
        if content_type is None:
            continue
        for revision in Revision.objects.filter(base_content_type=content_type, object_id=str(wizard.pk)):
            revision.content["email_sequences"] = links[wizard.pk]
            revision.save(update_fields=["content"])


def copy_back(apps, schema_editor):
    Sequence = apps.get_model("nurture", "Sequence")
    Wizard = apps.get_model("shop_wizard", "Wizard")
    for wizard in Wizard.objects.all():
        Sequence.objects.filter(pk__in=wizard.email_sequences.values_list("pk", flat=True)).update(
            trigger_wizard=wizard)


class Migration(migrations.Migration):

    dependencies = [
        ('nurture', '0007_sequence_trigger_wizard'),
        ('shop_wizard', '0001_initial'),
    ]
    run_before = [('nurture', '0008_due_times_and_recommendations')]

    operations = [
        migrations.AddField(
            model_name='wizard',
            name='email_sequences',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text="Leads who ask for their picks by email on the results page enter these once they confirm (only the sequences in the lead's language).", related_name='wizards', to='nurture.sequence', verbose_name='email sequences'),
        ),
        migrations.RunPython(copy_links, copy_back),
    ]
