"""Search shared by every app: one bounded query (words and length capped), matched
against a stored, already-folded search text, so that a search costs a plain scan of one
short column per table instead of folding every row's texts for every word.

A model opts in with a `search_text` column filled by `search_text()` whenever the texts
it covers change (its save(), and explicitly in bulk writes), a `sort_name` column (its
folded name: the list order, and the rank of name matches), and a queryset method that
calls `search()`. Kind and theme names (French and English) match through their own
stored `search_text`.

One typo is forgiven in words of FUZZY_MIN_LENGTH letters or more: a query word that no
known word starts with is also matched as any known word within one edit (a letter
missing, added, replaced, or two neighbours swapped). The known words (SearchWord, a
vocabulary of the stored texts' words) are looked up by index with the query word's
few hundred one-edit variants, so the expansion is the same on SQLite and PostgreSQL.
"""

import re
from collections.abc import Callable

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import ngettext_lazy

from cities.text import fold

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 100
# Typos are forgiven in query words this long; longer ones are not expanded (each costs
# about 75 candidate spellings per letter).
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_LENGTH = 24
# Words kept in the vocabulary: one letter shorter than a fuzzy query word (a letter added
# by mistake) up to a bound that leaves out URLs and glued strings.
VOCABULARY_MIN_LENGTH = FUZZY_MIN_LENGTH - 1
VOCABULARY_MAX_LENGTH = 40
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
WORD = re.compile(r"\w+")
# The annotation of Search.ranked: 0 for name matches, 1 for the others.
RANK = "search_rank"
SEARCH_IN_NAME = "search_in_name"


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


def vocabulary_words(*texts: str) -> set[str]:
    """The words of some folded texts that a typo may stand for."""
    return {word for text in texts if text for word in WORD.findall(text)
            if VOCABULARY_MIN_LENGTH <= len(word) <= VOCABULARY_MAX_LENGTH}


def remember_words(*texts: str, model=None) -> None:
    """Add the words of some folded texts to the vocabulary (one query; known ones kept).
    `model`: SearchWord as a migration sees it."""
    words = vocabulary_words(*texts)
    if words:
        SearchWord = model or apps.get_model("cities", "SearchWord")
        SearchWord.objects.bulk_create([SearchWord(word=word) for word in sorted(words)],
                                       ignore_conflicts=True, batch_size=500)


def one_edit_away(word: str) -> set[str]:
    """Every spelling one edit from `word` (Damerau: deletion, insertion, substitution,
    transposition of neighbours), over the folded alphabet and the word's own letters."""
    letters = set(ALPHABET) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in letters}
    variants |= {a + c + b for a, b in splits for c in letters}
    variants.discard(word)
    return variants


def fuzzy_candidate(word: str) -> bool:
    return FUZZY_MIN_LENGTH <= len(word) <= FUZZY_MAX_LENGTH and bool(WORD.fullmatch(word))


def unknown(words: list[str]) -> list[str]:
    """The words that no known word starts with (one query of index probes)."""
    if not words:
        return []
    table = connection.ops.quote_name(apps.get_model("cities", "SearchWord")._meta.db_table)
    # The words are parameters; only the model's own table name is in the text.
    if connection.vendor == "postgresql":
        # LIKE 'word%' reads the primary key's pattern index, whatever the collation.
        probe = f"EXISTS(SELECT 1 FROM {table} WHERE word LIKE %s)"  # noqa: S608
        params = [re.sub(r"([\\%_])", r"\\\1", word) + "%" for word in words]
    else:
        # A range rather than LIKE 'word%', which SQLite cannot read off an index.
        probe = f"EXISTS(SELECT 1 FROM {table} WHERE word >= %s AND word < %s)"  # noqa: S608
        params = [bound for word in words for bound in (word, word + "\U0010ffff")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([probe] * len(words)), params)
        known = cursor.fetchone()
    return [word for word, is_known in zip(words, known, strict=True) if not is_known]


def forgiven(words: list[str]) -> list[tuple[str, ...]]:
    """For each word, its spellings: itself and, when no known word starts with it, the
    known words one edit away (one query, and a second one only when a word is unknown)."""
    near: dict[str, tuple[str, ...]] = {}
    guessed = unknown([word for word in dict.fromkeys(words) if fuzzy_candidate(word)])
    if guessed:
        SearchWord = apps.get_model("cities", "SearchWord")
        variants = {word: one_edit_away(word) for word in guessed}
        found = sorted(SearchWord.objects.filter(
            word__in=sorted(set().union(*variants.values()))).values_list("word", flat=True))
        near = {word: tuple(w for w in found if w in variants[word]) for word in guessed}
    return [(word, *near.get(word, ())) for word in words]


class Search:
    """A parsed search: for each word, the spellings that satisfy it (itself, and the
    known words it may be a typo of). ValidationError beyond the search limits."""

    def __init__(self, text: str):
        self.words = forgiven(distinct_words(search_words(text)))

    @staticmethod
    def contains(lookup: str, spellings) -> Q:
        condition = Q()
        for spelling in spellings:
            condition |= Q(**{f"{lookup}__contains": spelling})
        return condition

    def filter(self, queryset: QuerySet, *lookups: str,
               also: Callable[[tuple[str, ...]], Q] | None = None) -> QuerySet:
        """Rows where every word is in one of the stored texts `lookups` (or satisfies
        `also(spellings)`, e.g. a kind or theme name)."""
        for spellings in self.words:
            condition = Q()
            for lookup in lookups:
                condition |= self.contains(lookup, spellings)
            if also is not None:
                condition |= also(spellings)
            queryset = queryset.filter(condition)
        return queryset

    def ranked(self, queryset: QuerySet, name: str = "sort_name") -> QuerySet:
        """Name matches (every word in the folded name) first, then the others, each in
        the queryset's order (or by name) and by primary key."""
        if not self.words:
            return queryset
        in_name = Q()
        for spellings in self.words:
            in_name &= self.contains(name, spellings)
        order = [field for field in queryset.query.order_by if field not in ("pk", "-pk")]
        ranked = queryset.annotate(**{
            RANK: Case(When(in_name, then=Value(0)), default=Value(1),
                       output_field=models.IntegerField()),
        }).order_by(RANK, *(order or [name]), "pk")
        # For RankedSearchQuerySet's pages (a query's attributes follow its clones).
        setattr(ranked.query, SEARCH_IN_NAME, in_name)
        return ranked


class RankedSearchQuerySet(QuerySet):
    """A queryset whose ranked searches (Search.ranked) are paged without sorting every
    match: a slice reads the name matches, then the other matches, each in the list's own
    order (which an index can give, e.g. `(status, sort_name, id)`) and only as far as the
    slice needs, instead of ordering all matches by rank first. Same rows, same order as
    the ranked queryset; a slice is then a list, as a paginator's page needs."""

    def __getitem__(self, k):
        if not (isinstance(k, slice) and self._ranked_pageable()
                and k.step is None and isinstance(k.stop, int)
                and isinstance(k.start or 0, int) and 0 <= (k.start or 0) <= k.stop):
            return super().__getitem__(k)
        start, stop = k.start or 0, k.stop
        if start == stop:
            return []
        order = self.query.order_by[1:]
        # The name condition itself rather than the rank (CASE ... = 0): PostgreSQL
        # estimates how many rows a LIKE keeps from its statistics, and so walks the index
        # when many do, where it took any CASE test for a rare one (a scan and a sort).
        in_name = getattr(self.query, SEARCH_IN_NAME, None)
        if in_name is None:
            names, others = self.filter(**{RANK: 0}), self.filter(**{RANK: 1})
        else:
            names, others = self.filter(in_name), self.exclude(in_name)
        names, others = names.order_by(*order), others.order_by(*order)
        rows = list(names[start:stop])
        if len(rows) == stop - start:
            return rows
        # Fewer name matches than the slice wants: they are all counted, by the rows read
        # or (none read) by a count bounded by `start`.
        named = start + len(rows) if rows else names[:start].count() if start else 0
        return rows + list(others[max(start, named) - named:stop - named])

    def _ranked_pageable(self) -> bool:
        query = self.query
        return (self._result_cache is None and bool(query.order_by)
                and query.order_by[0] == RANK and RANK in query.annotations
                and not query.is_sliced and not query.combinator)


def themes_named(model, spellings) -> Q:
    """`model` rows with a theme whose French or English name contains one of `spellings`
    (a subquery: no join that would repeat rows)."""
    field = model._meta.get_field("themes")
    through = field.remote_field.through
    owner, theme = field.m2m_field_name(), field.m2m_reverse_field_name()
    return Q(pk__in=through.objects.filter(
        Search.contains(f"{theme}__search_text", spellings)).values(f"{owner}_id"))


def search(queryset: QuerySet, text: str, *lookups: str, name: str = "sort_name",
           also: Callable[[tuple[str, ...]], Q] | None = None) -> QuerySet:
    """Rows matching every word of `text` in the stored texts `lookups` (or `also`),
    name matches first."""
    parsed = Search(text)
    return parsed.ranked(parsed.filter(queryset, *lookups, also=also), name=name)


def matching_words(queryset: QuerySet, text: str, *lookups: str) -> QuerySet:
    """Rows where every word of `text` is in one of the stored search texts `lookups`
    (e.g. "search_text", "city__search_text"), typos forgiven, without ranking."""
    return Search(text).filter(queryset, *lookups)


class SearchField(forms.CharField):
    """A search box: stripped, limited in length and words (NUL is refused by CharField)."""

    default_validators = [validate_search]


class SearchFilter(django_filters.CharFilter):
    """The `q` filter of every list: the field above, searched by the filterset's method."""

    field_class = SearchField
