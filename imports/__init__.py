"""Importing actors from other directories: CSV, GeoJSON, fablabs.io, GoGoCarto, SpaceAPI,
OpenStreetMap (Overpass) and plain JSON files.

`import_actors()` (in `service`) reads a file through a format reader, maps and repairs
each record and resolves its place (first pass, nothing written), then writes the accepted
records in batches with history, creating their cities only then (second pass).
"""

__all__ = ["FORMATS", "ClosedPolicy", "ImportFileError", "ImportReport", "import_actors"]


def __getattr__(name):
    # Loaded on first use: this package is a Django app, imported before the models are.
    if name in {"FORMATS", "ImportFileError"}:
        from imports import readers

        return getattr(readers, name)
    if name == "ImportReport":
        from imports.report import ImportReport

        return ImportReport
    if name in {"ClosedPolicy", "import_actors"}:
        from imports import service

        return getattr(service, name)
    raise AttributeError(f"module 'imports' has no attribute {name!r}")
