from django.db import migrations


def create_arrondissements(apps, schema_editor):
    Arrondissement = apps.get_model("entries", "Arrondissement")
    for number in range(1, 21):
        Arrondissement.objects.get_or_create(number=number)


class Migration(migrations.Migration):
    dependencies = [("entries", "0001_initial")]

    operations = [migrations.RunPython(create_arrondissements, migrations.RunPython.noop)]
