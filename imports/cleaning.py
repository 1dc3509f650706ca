"""Repairs of source values before they are mapped: control characters, mojibake, HTML,
web addresses and coordinates as people type them. Each function is pure and fast on the
common case (plain ASCII text goes through untouched)."""

import html
import math
import re
from functools import lru_cache

import ftfy
import nh3

# Controls other than tab, line feed and carriage return (NUL is refused with the file).
CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A word processor's manual line break (vertical tab) and form feed are line breaks.
BREAKS = re.compile(r"[\x0b\x0c]")
TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|/[a-zA-Z][a-zA-Z0-9]*\s*|!--.*?--)>", re.S)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
LINE_BREAK_TAGS = re.compile(r"<br\s*/?>|</?(?:div|li|tr|h[1-6])\b[^<>]*>", re.I)
PARAGRAPH_TAGS = re.compile(r"</?p\b[^<>]*>", re.I)
LINK = re.compile(r"""<a\b[^<>]*?\bhref\s*=\s*["']([^"']+)["'][^<>]*>(.*?)</a\s*>""",
                  re.I | re.S)
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# Mojibake betrays itself by these sequences (UTF-8 read as Latin-1/CP1252/CP850).
MOJIBAKE_HINT = re.compile("[ÂÃÄÅÆÐÑØâãäåæð├┬┼╚╔═][\x80-\xbf\u0152-\u2122\u2500-\u257f]|[ÃÂ]")


def remove_controls(text: str, *, multiline: bool) -> tuple[str, bool]:
    """The text without control characters, and whether any was there. A vertical tab or
    form feed becomes a line break (multi-line fields) or a space (one-line fields)."""
    if not CONTROLS.search(text):
        return text, False
    text = BREAKS.sub("\n" if multiline else " ", text)
    return CONTROLS.sub("", text), True


@lru_cache(maxsize=1 << 14)
def repair_mojibake(text: str) -> str:
    """UTF-8 text once decoded in the wrong code page ("FabLab CitÃ©"), repaired by ftfy;
    other text is returned as it is."""
    if text.isascii() or not MOJIBAKE_HINT.search(text):
        return text
    return ftfy.fix_encoding(text)


def looks_like_html(text: str) -> bool:
    return "<" in text and TAG.search(text) is not None or (
        "&" in text and ENTITY.search(text) is not None)


def html_to_text(text: str, *, multiline: bool) -> str:
    """Plain text of an HTML fragment: tags stripped (nh3), <br> and block ends as line
    breaks, a link's address kept after its label, entities decoded."""
    def link(match):
        href, label = match.group(1).strip(), match.group(2)
        plain = TAG.sub("", label).strip()
        if href.lower().startswith(("http://", "https://")) and href not in plain:
            return f"{label} ({href})" if plain else href
        return label

    text = LINK.sub(link, text)
    text = PARAGRAPH_TAGS.sub("\n\n", text)
    text = LINE_BREAK_TAGS.sub("\n", text)
    # nh3 removes every remaining tag (and script/style contents) and escapes the rest.
    text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    if not multiline:  # "Espace d'Arvor<br />Place d'Armorique": one line, comma-joined
        return ", ".join(line for line in lines if line)
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- web addresses ---------------------------------------------------------------------

SCHEMES = re.compile(r"^\s*((?:(?:https?|hhttps?|htps?|http)\s*:?\s*/{1,3}\s*)+)", re.I)
MAILTO = re.compile(r"^\s*mailto:\s*", re.I)


def clean_url(url: str) -> tuple[str, str]:
    """("url", "") for a web address, ("", "e-mail") for a mailto: link.

    Doubled or broken schemes ("http:// http://x", "http//x", "https://https://x") keep
    the last one; an address without a scheme gets https://."""
    url = url.strip()
    if MAILTO.match(url):
        return "", MAILTO.sub("", url).split("?")[0].strip()
    match = SCHEMES.match(url)
    if match:
        schemes = re.findall(r"h?t?tps?|http", match.group(1), re.I)
        scheme = "https" if schemes and schemes[-1].lower().endswith("ps") else "http"
        rest = url[match.end():].strip()
        return (f"{scheme}://{rest}" if rest else ""), ""
    if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        return url, ""
    if re.fullmatch(r"[^@\s/]+@[^@\s/]+\.[a-z]{2,}", url, re.I):
        return "", url  # an e-mail address in a website column
    return f"https://{url}", ""


# --- coordinates -----------------------------------------------------------------------

HEMISPHERE = re.compile(r"^([NSEWO])\s*(.+)$|^(.+?)\s*([NSEWO])$", re.I)


def coordinate(value) -> float | None:
    """A coordinate from a number or text: decimal comma ("45,77"), degree sign, Unicode
    minus, non-breaking spaces and a hemisphere letter ("17,44 W", "O" for ouest) are
    accepted. None when empty; NaN when not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\xa0", "").replace(" ", "").replace("\u2212", "-")
    text = text.replace("°", "").replace(",", ".")
    if not text:
        return None
    sign = 1.0
    match = HEMISPHERE.match(text)
    if match:
        letter = (match.group(1) or match.group(4)).upper()
        text = match.group(2) or match.group(3)
        sign = -1.0 if letter in {"S", "W", "O"} else 1.0
    try:
        number = float(text)
    except ValueError:
        return math.nan
    return sign * number if math.isfinite(number) else math.nan
