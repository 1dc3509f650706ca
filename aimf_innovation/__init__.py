"""Project wiring for innovations locales: settings, root URLs, WSGI/ASGI entry points."""
