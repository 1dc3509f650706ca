"""Plain multi-row INSERTs for the importer's hot path.

Django's bulk_create compiles every value of every row through the ORM, which costs more
than the database itself on large imports; here values are adapted once per column type.
"""

from operator import itemgetter

from django.db import connection, models

ROWS_PER_STATEMENT = 1000


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
