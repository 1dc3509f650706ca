"""Plain multi-row INSERTs for the importer's hot path.

Django's bulk_create compiles every value of every row through the ORM, which costs more
than the database itself on large imports; here values are adapted once per column type.
"""

from django.db import connection, models

ROWS_PER_STATEMENT = 1000


def adapter(field: models.Field):
    """How a Python value of this field becomes a database parameter."""
    if isinstance(field, models.JSONField | models.DateTimeField | models.DateField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model: type[models.Model], columns: list[str], rows: list[dict]) -> None:
    """INSERT rows (dicts keyed by field attname) into the model's table, in as few
    statements as the database allows: one executemany on SQLite, multi-row VALUES
    elsewhere."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    adapters = [adapter(field) for field in fields]
    attnames = [field.attname for field in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, never from the file.
    head = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(field.column) for field in fields)}) VALUES ")
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        tuple(value if adapt is None else adapt(value)
              for adapt, value in zip(adapters, (row[name] for name in attnames), strict=True))
        for row in rows
    ]
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
