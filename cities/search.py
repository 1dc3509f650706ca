"""Search shared by every app: one bounded query (words and length capped), matched
against a stored, already-folded search text, so that a search costs a plain scan of one
short column per table instead of folding every row's texts for every word.

A model opts in with a `search_text` column filled by `search_text()` whenever the texts
it covers change (its save(), and explicitly in bulk writes), and a queryset method that
calls `matching_words()`.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import ngettext_lazy

from cities.text import fold

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 100


def search_text(*parts) -> str:
    """The stored form of some texts: folded (accents, case, ligatures) and joined."""
    return fold(" ".join(str(part) for part in parts if part))


def validate_search(value: str) -> None:
    """At most MAX_SEARCH_LENGTH characters and MAX_SEARCH_WORDS words."""
    if len(value) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            ngettext_lazy("A search has at most %(limit)d character.",
                          "A search has at most %(limit)d characters.", "limit"),
            code="max_length", params={"limit": MAX_SEARCH_LENGTH},
        )
    if len(value.split()) > MAX_SEARCH_WORDS:
        raise ValidationError(
            ngettext_lazy("A search has at most %(limit)d word.",
                          "A search has at most %(limit)d words.", "limit"),
            code="max_words", params={"limit": MAX_SEARCH_WORDS},
        )


def search_words(text: str) -> list[str]:
    """The folded words of a search; raises ValidationError beyond the limits."""
    validate_search(text or "")
    return fold(text).split()


def distinct_words(words: list[str]) -> list[str]:
    """The words that each add a condition: repeated ones, and those inside another word
    ("rec" with "record"), are implied by the others."""
    unique = list(dict.fromkeys(words))
    return [word for word in unique
            if not any(word != other and word in other for other in unique)]


def matching_words(queryset: QuerySet, text: str, *lookups: str) -> QuerySet:
    """Rows where every word of `text` is in one of the stored search texts `lookups`
    (e.g. "search_text", "city__search_text")."""
    for word in distinct_words(search_words(text)):
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{f"{lookup}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


class SearchField(forms.CharField):
    """A search box: stripped, limited in length and words (NUL is refused by CharField)."""

    default_validators = [validate_search]


class SearchFilter(django_filters.CharFilter):
    """The `q` filter of every list: the field above, searched by the filterset's method."""

    field_class = SearchField
