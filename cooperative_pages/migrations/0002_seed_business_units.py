from django.db import migrations

NATIONAL_BUSINESS_UNITS = [  # the national list; admins add more as snippets
    ("kantor-koperasi", "Kantor koperasi"),
    ("gerai-sembako", "Gerai sembako"),
    ("simpan-pinjam", "Simpan pinjam"),
    ("klinik", "Klinik desa"),
    ("apotek", "Apotek desa"),
    ("cold-storage", "Cold storage / pergudangan"),
    ("logistik", "Logistik"),
]


def seed(apps, schema_editor):
    BusinessUnit = apps.get_model("cooperative_pages", "BusinessUnit")
    for order, (slug, name) in enumerate(NATIONAL_BUSINESS_UNITS):
        BusinessUnit.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("cooperative_pages", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
