from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent() for accent-insensitive search on PostgreSQL (a no-op on SQLite)."""

    dependencies = [("actors", "0001_initial")]

    operations = [UnaccentExtension()]
