"""Every change to the guide's content goes through a moderation step before publication.

Wagtail gives pages a default "Moderators approval" workflow; snippets have none until
their content type is attached to a workflow, which this migration does.
"""

from django.db import migrations

WORKFLOW_NAME = "Relecture des contenus du guide"
TASK_NAME = "Validation par les modérateur·rice·s"


def attach_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in ["entry", "section", "guideframe"]:
        content_type, _ = ContentType.objects.get_or_create(app_label="entries", model=model)
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


def detach_workflow(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(content_type__app_label="entries").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0002_arrondissements"),
        ("wagtailcore", "0083_workflowcontenttype"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(attach_workflow, detach_workflow)]
