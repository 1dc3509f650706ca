"""WSGI entry point (gunicorn aimf_innovation.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aimf_innovation.settings")
application = get_wsgi_application()
