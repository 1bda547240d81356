"""Staff and team-lead groups, and the post approval (결재) workflow with its team-lead task."""

from django.db import migrations

WORKFLOW_NAME = "게시물 결재 (Post approval)"
TASK_NAME = "팀장 결재 (Team lead approval)"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("cms", "TeamLeadApprovalTask")

    staff, _ = Group.objects.get_or_create(name="Staff")
    leads, _ = Group.objects.get_or_create(name="Team leads")
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access:
        staff.permissions.add(admin_access)
        leads.permissions.add(admin_access)

    task_ct, _ = ContentType.objects.get_or_create(app_label="cms", model="teamleadapprovaltask")
    task = Task.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = Task.objects.create(name=TASK_NAME, active=True, content_type=task_ct)
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators:
        task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("cms", "TeamLeadApprovalTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
