from django.db import migrations, models

from emulation_portal.search import sortable


def fill_sort_name(apps, schema_editor):
    """Key the organisations recorded before the sort column existed by the name they show."""
    Organization = apps.get_model("accounts", "Organization")
    rows = list(Organization.objects.only("pk", "name", "short_name"))
    for org in rows:
        org.sort_name = sortable(org.short_name or org.name)
    Organization.objects.bulk_update(rows, ["sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organization_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="sort_name",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_sort_name, migrations.RunPython.noop),
    ]
