"""Heal text stored before the input rule (lone surrogates, NUL, control characters), the
history rows included: see cities.input_rules."""

from django.db import migrations

from cities.input_rules import repair_stored_text


def repair_unsafe_text(apps, schema_editor):
    repair_stored_text(apps, "actors")


class Migration(migrations.Migration):
    dependencies = [("actors", "0005_actor_name_single_line")]

    operations = [migrations.RunPython(repair_unsafe_text, migrations.RunPython.noop)]
