"""Heal text stored before the input rule (lone surrogates, NUL, control characters), the
history rows included: see cities.input_rules."""

from django.db import migrations

from cities.input_rules import repair_stored_text


def repair_unsafe_text(apps, schema_editor):
    repair_stored_text(apps, "workshops")


class Migration(migrations.Migration):
    dependencies = [("workshops", "0003_history_of_summits_workshops_people")]

    operations = [migrations.RunPython(repair_unsafe_text, migrations.RunPython.noop)]
