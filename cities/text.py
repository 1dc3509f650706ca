"""Text helpers shared by every app: accent-insensitive folding and unique slugs."""

import unicodedata

from django.db import models
from django.utils.text import slugify


def fold(text: str) -> str:
    """Lower-case, accent-free form of a text, for matching ("Yaoundé" == "YAOUNDE")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("’", "'").split())


def unique_slug(
    model: type[models.Model], *candidates: str, exclude_pk=None, max_length: int = 140
) -> str:
    """The first free slug among the candidates, then the first one numbered -2, -3, ...

    Candidates are tried in order ("douala", then "douala-cm"), so the short form wins
    whenever it is free.
    """
    taken = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    slugs = [s for s in (slugify(c)[:max_length].strip("-") for c in candidates if c) if s]
    if not slugs:
        slugs = [model._meta.model_name]
    for slug in slugs:
        if not taken.filter(slug=slug).exists():
            return slug
    base = slugs[0][: max_length - 6]
    number = 2
    while taken.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"
