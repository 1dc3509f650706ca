"""Importing actors from other directories: CSV, GeoJSON, fablabs.io and GoGoCarto files.

`import_actors()` (in `service`) reads a file through a format reader, maps each record
to our fields, matches or creates its city, and writes actors in batches with history.
"""

from actors.importers.readers import FORMATS, ImportFileError
from actors.importers.report import ImportReport
from actors.importers.service import ClosedPolicy, import_actors

__all__ = ["FORMATS", "ClosedPolicy", "ImportFileError", "ImportReport", "import_actors"]
