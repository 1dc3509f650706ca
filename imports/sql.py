"""Plain INSERTs for the importer's hot path.

Django's bulk_create compiles every value of every row through the ORM, which costs more
than the database itself on large imports; here values are adapted once per column type.
On PostgreSQL (psycopg2) the rows go in by COPY: a multi-row VALUES of 1,000 actors is
35,000 literals for the driver to quote and for the server to parse, several times the
cost of the same rows as COPY text.
"""

import io
import json
from operator import itemgetter

from django.db import connection, models

ROWS_PER_STATEMENT = 5000


def adapter(field: models.Field):
    """How a Python value of this field becomes a database parameter (None: as it is)."""
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.DateTimeField):
        # A batch shares a handful of timestamps: adapt each once.
        cache = {}

        def adapt(value):
            if value not in cache:
                cache[value] = field.get_db_prep_save(value, connection)
            return cache[value]

        return adapt
    if isinstance(field, models.DateField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


# COPY's text format: backslash escapes for the characters that separate values and rows.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(COPY_ESCAPES)  # numbers, dates (ISO), UUIDs


def dated(adapt):
    return lambda value: copy_value(adapt(value))


def copy_rows(model: type[models.Model], fields: list[models.Field], rows: list[dict]) -> bool:
    """COPY the rows into the model's table (PostgreSQL through psycopg2); False when the
    driver offers no COPY, for the caller to INSERT instead. COPY is not an execute(), so
    Django's query logging does not see it."""
    with connection.cursor() as cursor:
        copy = getattr(cursor.cursor, "copy_expert", None)
        if copy is None:
            return False
        formats = []
        for field in fields:
            if isinstance(field, models.JSONField):
                def dump(value, encoder=field.encoder):
                    return copy_value(None if value is None else
                                      json.dumps(value, cls=encoder))
                formats.append(dump)
            elif isinstance(field, models.DateField):  # and DateTimeField
                formats.append(dated(adapter(field)))
            else:
                formats.append(copy_value)
        attnames = [field.attname for field in fields]
        text = io.StringIO()
        write = text.write
        pairs = list(zip(attnames, formats, strict=True))
        for row in rows:
            write("\t".join([format_(row[name]) for name, format_ in pairs]))
            write("\n")
        text.seek(0)
        quote = connection.ops.quote_name
        # Table and column names come from the model's metadata, never from the file;
        # the database's errors become Django's (IntegrityError), as for execute().
        with connection.wrap_database_errors:
            copy(f"COPY {quote(model._meta.db_table)} "
                 f"({', '.join(quote(field.column) for field in fields)}) FROM STDIN", text)
    return True


def insert_rows(model: type[models.Model], columns: list[str], rows: list[dict]) -> None:
    """INSERT rows (dicts keyed by field attname) into the model's table, in as few
    statements as the database allows: one executemany on SQLite, multi-row VALUES
    elsewhere."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    adapters = [(index, adapt) for index, adapt in enumerate(map(adapter, fields)) if adapt]
    values_of = itemgetter(*(field.attname for field in fields))
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, never from the file.
    head = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(field.column) for field in fields)}) VALUES ")
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql" and copy_rows(model, fields, rows):
        return
    params = []
    for row in rows:
        values = list(values_of(row)) if len(fields) > 1 else [values_of(row)]
        for index, adapt in adapters:
            values[index] = adapt(values[index])
        params.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(head + one, params)
            return
        limit = connection.features.max_query_params or 65535
        per_statement = max(1, min(ROWS_PER_STATEMENT, limit // len(fields)))
        for start in range(0, len(params), per_statement):
            chunk = params[start:start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)),
                           [value for row in chunk for value in row])


def copy_history(model: type[models.Model], history: type[models.Model], *,
                 source: str, keys: list[str], extra: dict) -> list[tuple]:
    """One history row per actor of `source` with one of these record keys, copied by the
    database from the rows just inserted (INSERT ... SELECT: the values are not sent
    twice), the history's own columns set from `extra` (attname: value). Returns
    (actor id, record key, history id) per row."""
    if not keys:
        return []
    quote = connection.ops.quote_name
    copied = [field for field in history._meta.concrete_fields
              if not field.primary_key and field.attname not in extra]
    set_here = [history._meta.get_field(name) for name in extra]
    params = []
    for field in set_here:
        adapt = adapter(field)
        value = extra[field.attname]
        params.append(adapt(value) if adapt else value)
    table, key = quote(history._meta.db_table), quote(history._meta.pk.column)
    columns = ", ".join(quote(field.column) for field in [*copied, *set_here])
    selected = ", ".join([*(quote(model._meta.get_field(field.attname).column)
                            for field in copied), *(["%s"] * len(set_here))])
    # Table and column names come from the models' metadata; the values are parameters.
    where = (f"FROM {quote(model._meta.db_table)} WHERE source = %s "  # noqa: S608
             f"AND external_id IN ({', '.join(['%s'] * len(keys))}) AND external_id <> ''")
    insert = f"INSERT INTO {table} ({columns}) SELECT {selected} {where}"  # noqa: S608
    params += [source, *keys]
    with connection.cursor() as cursor:
        if connection.features.can_return_rows_from_bulk_insert:
            cursor.execute(f"{insert} RETURNING id, external_id, {key}", params)
            return cursor.fetchall()
        cursor.execute(insert, params)
        date = quote(history._meta.get_field("history_date").column)
        cursor.execute(f"SELECT id, external_id, {key} FROM {table} "  # noqa: S608
                       f"WHERE {date} = %s AND id IN (SELECT id {where})",
                       [params[[f.attname for f in set_here].index("history_date")],
                        source, *keys])
        return cursor.fetchall()


def copy_history_m2m(through: type[models.Model], history_m2m: type[models.Model], *,
                     history: type[models.Model], history_ids: list[int]) -> None:
    """The many-to-many rows of these history rows, copied by the database from the live
    through table (the history's rows keep the through rows' ids)."""
    if not history_ids:
        return
    quote = connection.ops.quote_name
    owner = history._meta.pk.column
    link = history_m2m._meta.get_field("history").column
    fk = next(field for field in through._meta.concrete_fields
              if field.is_relation and field.related_model is history.instance_type)
    other = next(field for field in through._meta.concrete_fields
                 if field.is_relation and field is not fk)
    sql = (
        f"INSERT INTO {quote(history_m2m._meta.db_table)} "  # noqa: S608
        f"(id, {quote(fk.column)}, {quote(other.column)}, {quote(link)}) "
        f"SELECT t.id, t.{quote(fk.column)}, t.{quote(other.column)}, h.{quote(owner)} "
        f"FROM {quote(through._meta.db_table)} t "
        f"INNER JOIN {quote(history._meta.db_table)} h ON h.id = t.{quote(fk.column)} "
        f"WHERE h.{quote(owner)} IN ({', '.join(['%s'] * len(history_ids))}) "
        f"ORDER BY h.{quote(owner)}, t.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, history_ids)
