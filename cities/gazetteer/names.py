"""Place names reduced to matching keys: case, accents, hyphens, "St"/"Saint", articles."""

import re
from functools import lru_cache

from cities.text import fold

SEPARATORS = re.compile(r"[-‐‑–—'’_.,/()\"]+")
# "Havre (Le)", "Havre, Le", "Rochelle (La)": an article put after the name, as French
# administrative lists sort them.
TRAILING_ARTICLE = re.compile(
    r"^(?P<name>.+?)\s*(?:\(\s*(?P<a1>l'|l’|le|la|les|el|los|las|il|lo|de|den|het|the)\s*\)"
    r"|,\s*(?P<a2>l'|l’|le|la|les|el|los|las|il|lo|de|den|het|the))\s*$",
    re.IGNORECASE,
)
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes",
                 "mt": "mont", "ft": "fort"}
# Characters a wrong encoding leaves in place of a letter: "S?o Paulo", "S�o Paulo".
WILDCARDS = re.compile(r"[?\ufffd]")


@lru_cache(maxsize=1 << 17)
def place_key(name: str) -> str:
    """A place name reduced for matching: "CLERMONT-FERRAND", "Clermont Ferrand" and
    "clermont-ferrand" are one key; so are "St-Louis" and "Saint-Louis", "Havre (Le)" and
    "Le Havre"."""
    name = " ".join((name or "").split())
    moved = TRAILING_ARTICLE.match(name)
    if moved:
        article = moved.group("a1") or moved.group("a2")
        name = f"{article} {moved.group('name')}"
    words = SEPARATORS.sub(" ", fold(name)).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def has_wildcards(name: str) -> bool:
    return bool(WILDCARDS.search(name or ""))


@lru_cache(maxsize=1 << 12)
def wildcard_pattern(name: str) -> re.Pattern:
    """A damaged spelling as a pattern over keys: "S?o Paulo" matches "sao paulo", and
    "Hà N?i" matches "ha noi" (one "?" stands for one or two letters)."""
    parts = WILDCARDS.split(name)
    keys = [" ".join(place_key(part).split()) if part.strip() else "" for part in parts]
    # Keep the spaces next to a wildcard that the folded key would have dropped.
    pieces = []
    for index, (raw, key) in enumerate(zip(parts, keys, strict=True)):
        if index:
            pieces.append(r"[^ ]{1,2}")
        if raw[:1].isspace() and pieces:
            pieces.append(" ")
        pieces.append(re.escape(key))
        if raw[-1:].isspace() and key:
            pieces.append(" ")
    return re.compile("".join(pieces).strip())
