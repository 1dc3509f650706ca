"""The French catalogue is complete, and the compiled .mo matches the .po."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"


def entries():
    """(flags, msgid, msgstr or [plural forms]) for every entry of django.po."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield flags, fields


def test_every_message_has_a_french_translation():
    assert len(list(entries())) > 250  # the parser reads the whole catalogue
    missing = [f["msgid"] for flags, f in entries()
               if "fuzzy" in flags or not all(v for k, v in f.items() if k.startswith("msgstr"))]
    assert missing == []


def test_compiled_catalogue_is_up_to_date():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [f["msgid"] for _flags, f in entries()
             if "msgstr" in f and compiled.gettext(f["msgid"]) != f["msgstr"]]
    assert stale == []
