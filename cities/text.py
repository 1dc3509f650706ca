"""Text helpers shared by every app: accent-insensitive folding (in Python and in SQL)
and unique slugs."""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.utils.text import slugify

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'"})


def fold(text: str) -> str:
    """Lower-case, accent-free form of a text, for matching ("Yaoundé" == "YAOUNDE")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


class Fold(models.Func):
    """`fold()` in SQL: unaccent(lower(x)) on PostgreSQL, the Python function on SQLite."""

    function = "FOLD"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="UNACCENT",
            template="%(function)s(LOWER(%(expressions)s))", **extra_context,
        )


def register_sqlite_fold(sender, connection, **kwargs):
    """Give every SQLite connection the FOLD() function that `Fold` calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("FOLD", 1, fold, deterministic=True)


connection_created.connect(register_sqlite_fold, dispatch_uid="cities.text.register_sqlite_fold")


def unique_slug(
    model: type[models.Model], *candidates: str, exclude_pk=None, max_length: int = 140
) -> str:
    """The first free slug among the candidates, then the first one numbered -2, -3, ...

    Candidates are tried in order ("douala", then "douala-cm"), so the short form wins
    whenever it is free.
    """
    return unique_slugs(model, [candidates], exclude_pk=exclude_pk, max_length=max_length)[0]


def unique_slugs(
    model: type[models.Model], candidates: list, *, exclude_pk=None, max_length: int = 140
) -> list[str]:
    """`unique_slug()` for many objects at once, one list of candidates each: slugs free
    in the table and different from each other, in one query (one more per numbered slug).
    """
    taken_rows = model._default_manager.exclude(pk=exclude_pk) if exclude_pk \
        else model._default_manager.all()
    options = []
    for texts in candidates:
        slugs = [s for s in (slugify(c)[:max_length].strip("-") for c in texts if c) if s]
        options.append(slugs or [model._meta.model_name])
    wanted = {slug for slugs in options for slug in slugs}
    taken = set(taken_rows.filter(slug__in=wanted).values_list("slug", flat=True))
    chosen = []
    for slugs in options:
        slug = next((slug for slug in slugs if slug not in taken), None)
        if slug is None:
            base, number = slugs[0][: max_length - 6], 2
            while f"{base}-{number}" in taken or \
                    taken_rows.filter(slug=f"{base}-{number}").exists():
                number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        chosen.append(slug)
    return chosen
