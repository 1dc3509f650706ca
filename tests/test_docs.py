"""The README and docs/: every relative link resolves (files and #anchors, with GitHub's
heading slugs), and every environment variable settings.py reads is documented."""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


def without_code(text: str) -> str:
    text = FENCE.sub("", text)
    return re.sub(r"`[^`\n]*`", "", text)


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation removed,
    spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"[`*_~]|<[^>]+>", "", text).strip().lower()
    kept = "".join(char for char in text if char in " -" or char.isalnum()
                   or unicodedata.category(char).startswith("M"))
    return kept.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for _level, heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        slug = github_slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative_links(path: Path) -> list[str]:
    links = LINK.findall(without_code(path.read_text(encoding="utf-8")))
    return [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I)]


def test_github_slugs():
    assert github_slug("REST API v1 (for partners)") == "rest-api-v1-for-partners"
    assert github_slug("The forge of North–South adaptations") == \
        "the-forge-of-northsouth-adaptations"
    assert github_slug("Backups and `restore`") == "backups-and-restore"
    assert github_slug("Où sont les données ?") == "où-sont-les-données-"


def test_the_readme_is_for_newcomers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 12_000
    assert "make run" in readme and "make test" in readme
    for guide in ("users", "partners", "operators", "import", "development"):
        assert f"(docs/{guide}.md)" in readme


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_relative_link_resolves(document):
    broken = []
    for link in relative_links(document):
        target, _, anchor = link.partition("#")
        file = (document.parent / target).resolve() if target else document
        if not file.exists():
            broken.append(f"{link}: no file {file.relative_to(ROOT)}")
        elif anchor and file.suffix == ".md" and anchor not in anchors_of(file):
            broken.append(f"{link}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, f"{document.relative_to(ROOT)}: " + "; ".join(broken)


def settings_variables() -> set[str]:
    source = (ROOT / "aimf_innovation" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(
        r"(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*\"([A-Z][A-Z0-9_]+)\"",
        source))


def test_every_environment_variable_is_documented():
    variables = settings_variables()
    assert {"DATABASE_URL", "REDIS_URL", "TILES_ATTRIBUTION", "SECRET_KEY"} <= variables
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    operators = (ROOT / "docs" / "operators.md").read_text(encoding="utf-8")
    assert not {name for name in variables if not re.search(rf"^{name}=", example, re.M)}
    assert not {name for name in variables if f"`{name}`" not in operators}
