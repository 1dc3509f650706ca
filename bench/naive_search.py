"""The search as it was before the stored search text (baseline for bench/costly.py only):
every row's name, descriptions and city names folded in SQL, for every word."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat

from cities.text import Fold, fold


def naive_search(self, text: str):
    words = fold(text).split()[:8]
    if not words:
        return self
    document = Fold(Concat(
        "name", Value(" "), "short_description", Value(" "), "description", Value(" "),
        "city__name", Value(" "), Cast("city__alternate_names", models.TextField()),
        output_field=models.TextField(),
    ))
    queryset = self.annotate(search_document=document)
    for word in words:
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def install() -> None:
    """Make ActorQuerySet.search the naive one in this process."""
    from actors.models import ActorQuerySet

    ActorQuerySet.search = naive_search
