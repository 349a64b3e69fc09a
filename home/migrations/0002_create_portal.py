from django.db import migrations


def create_portal(apps, schema_editor):
    """Replace Wagtail's welcome page with the national portal as the default site's root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale = Locale.objects.first()
    root = Page.objects.get(depth=1)
    portal = HomePage.objects.create(
        title="Koperasi Merah Putih",
        draft_title="Koperasi Merah Putih",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="Portal nasional microsite Koperasi Desa/Kelurahan Merah Putih.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": portal, "site_name": "Koperasi Merah Putih"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(create_portal, migrations.RunPython.noop)]
