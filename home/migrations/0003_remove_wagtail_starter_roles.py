from django.db import migrations


def remove_starter_roles(apps, schema_editor):
    """Wagtail's starter "Editors"/"Moderators" groups hold site-wide page permissions
    and its "Moderators approval" workflow sits on the root. This site grants scope only
    through officer memberships and facilitator assignments, so they would be a trap."""
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    starter = Workflow.objects.filter(name="Moderators approval")
    WorkflowPage.objects.filter(workflow__in=starter).delete()
    starter.update(active=False)
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name="Moderators approval").update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_portal"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(remove_starter_roles, migrations.RunPython.noop)]
