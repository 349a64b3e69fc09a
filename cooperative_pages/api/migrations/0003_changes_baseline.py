"""The change feed starts with one ``created`` entry per object public when it is installed,
so a mirror replaying the feed from the start holds every object, not only those changed later."""

from django.db import migrations
from django.utils import timezone

OBJECT_MODELS = {
    "cooperativepage": "cooperative",
    "productpage": "product",
    "newspage": "news",
    "governancepage": "governance",
}
STEP = 4  # Wagtail's path step


def baseline(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Change = apps.get_model("cooperative_api", "Change")
    types = {
        content_type.pk: OBJECT_MODELS[content_type.model]
        for content_type in ContentType.objects.filter(app_label="cooperative_pages", model__in=OBJECT_MODELS)
    }
    if not types:
        return
    live_by_path = dict(Page.objects.values_list("path", "live"))
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    now = timezone.now()
    entries = []
    for pk, path, content_type_id in (
        Page.objects.filter(content_type_id__in=types, live=True).order_by("path").values_list("pk", "path", "content_type_id")
    ):
        ancestors = [path[:end] for end in range(2 * STEP, len(path), STEP)]
        if any(path.startswith(prefix) for prefix in restricted) or not all(live_by_path.get(a, True) for a in ancestors):
            continue
        entries.append(Change(object_type=types[content_type_id], object_id=pk, action="created", at=now))
    Change.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperative_api", "0002_changes"),
        ("cooperative_pages", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
