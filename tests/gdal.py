"""GDAL's ogrinfo against a live server: what QGIS, R's sf and GeoPandas would read."""

import os
import re
import shutil
import subprocess

import pytest

OGRINFO = shutil.which("ogrinfo")

needs_ogrinfo = pytest.mark.skipif(
    OGRINFO is None, reason="GDAL's ogrinfo is not installed (apt-get install gdal-bin)")


def ogrinfo(source: str) -> dict[str, int]:
    """Each layer GDAL finds in `source`, with its feature count."""
    env = {**os.environ, "GDAL_HTTP_TIMEOUT": "60", "CPL_CURL_VERBOSE": "NO",
           "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "NO_PROXY": "*", "no_proxy": "*"}
    result = subprocess.run(  # noqa: S603 (a fixed program, arguments built by the test)
        [OGRINFO, "-ro", "-so", "-al", "--config", "OGR_GEOJSON_MAX_OBJ_SIZE", "0", source],
        capture_output=True, text=True, timeout=180, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    layers = re.findall(r"^Layer name: (.+)$", result.stdout, re.MULTILINE)
    counts = [int(count) for count in re.findall(r"^Feature Count: (-?\d+)$",
                                                 result.stdout, re.MULTILINE)]
    assert len(layers) == len(counts), result.stdout
    return dict(zip(layers, counts, strict=True))
