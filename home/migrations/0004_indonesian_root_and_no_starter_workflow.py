from django.db import migrations

ROOT_TITLE = "Semua situs"
STARTER_NAME = "Moderators approval"


def forwards(apps, schema_editor):
    """Officers meet the tree's root in the page chooser, and Wagtail's starter workflow
    and task (inactive since 0003) in the workflow reports' filters: both in English.
    The root gets an Indonesian title; the starter workflow and task go when nothing
    ever ran through them, and are otherwise kept under an Indonesian name."""
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    kept_name = "Persetujuan moderator (bawaan Wagtail, tidak dipakai)"
    for model, state_model, field in ((Workflow, WorkflowState, "workflow"), (Task, TaskState, "task")):
        for item in model.objects.filter(name=STARTER_NAME, active=False):
            if state_model.objects.filter(**{field: item}).exists():
                model.objects.filter(pk=item.pk).update(name=kept_name)
            else:
                item.delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0003_remove_wagtail_starter_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
