"""The demo data set for tests, loaded by `load_demo` once per test process and then copied
back in for each test that asks for it.

`load_demo` takes 2 s on SQLite and 3 s on PostgreSQL; more than a hundred tests (most of
the browser tests) ask for it, on both databases. The first load in a process records the
rows it wrote, table by table; later tests get the same rows by plain INSERTs (a few ms),
with the same ids. The copy is used only when every one of those tables is empty, as it
was when the rows were recorded; otherwise `load_demo` runs as before.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# Per database (a test process has one): [(table, columns, rows)].
_snapshots: dict[str, list[tuple[str, list[str], list[tuple]]]] = {}


def load_demo_data() -> None:
    key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    snapshot = _snapshots.get(key)
    if snapshot is not None and not any(_row_counts([table for table, _c, _r in snapshot])
                                        .values()):
        _restore(snapshot)
        return
    tables = _tables()
    before = _row_counts(list(tables))
    call_command("load_demo", stdout=io.StringIO())
    if snapshot is None:
        after = _row_counts(list(tables))
        written = [table for table in tables if after[table] != before[table]]
        if all(before[table] == 0 for table in written):
            _snapshots[key] = [_rows_of(table) for table in written]


def _tables() -> dict:
    return {model._meta.db_table: model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy}


def _row_counts(tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(
            f"SELECT %s, COUNT(*) FROM {quote(table)}" for table in tables), tables)
        return dict(cursor.fetchall())


def _rows_of(table: str) -> tuple[str, list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        columns = [column[0] for column in cursor.description]
        return table, columns, cursor.fetchall()


def _restore(snapshot) -> None:
    quote = connection.ops.quote_name
    models = _tables()
    # Foreign keys are checked at commit (Django declares them deferrable): any order.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in snapshot:
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})", rows)
        # The next ids follow the copied ones (PostgreSQL's sequences do not see them).
        for sql in connection.ops.sequence_reset_sql(
                no_style(), [models[table] for table, _c, _r in snapshot]):
            cursor.execute(sql)
