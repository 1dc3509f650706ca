"""The project's settings plus the baselines' URLs and templates (benchmarks only)."""

from aimf_innovation.settings import *  # noqa: F403
from aimf_innovation.settings import BASE_DIR, STATICFILES_DIRS, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]
STATICFILES_DIRS = [*STATICFILES_DIRS, BASE_DIR / "bench" / "static"]
