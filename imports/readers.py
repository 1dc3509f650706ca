"""Format readers: each turns a file into (line number, record) pairs, streaming CSV.

A record is a dict keyed by the source's own column names; `mapping.Mapping` says which
of them are ours. A file that cannot be read at all raises ImportFileError.
"""

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from imports.mapping import REQUIRED, Mapping
from imports.mapping import column_names_of as column_names

FORMATS = ["csv", "geojson", "fablabs", "gogocarto"]
CHUNK = 1 << 16
# Controls other than tab, line feed and carriage return betray a binary or UTF-16 file.
BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
csv.field_size_limit(1 << 20)


class ImportFileError(ValueError):
    """A file that cannot be imported at all (encoding, syntax, missing columns)."""


def open_binary(source) -> io.BufferedIOBase:
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        return source
    try:
        return Path(source).open("rb")
    except OSError as error:
        raise ImportFileError(
            _("Cannot open %(path)s: %(error)s") % {"path": source, "error": error.strerror}
        ) from error


def detect_encoding(handle) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1; anything else is refused.

    The whole file is checked chunk by chunk, so a bad byte near the end still stops the
    import before anything is written, without holding the file in memory.
    """
    handle.seek(0)
    start = handle.read(4)
    handle.seek(0)
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise ImportFileError(_("The file is in UTF-16: save it as UTF-8 and try again."))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := handle.read(CHUNK):
                text = decoder.decode(chunk)
                if BINARY.search(text):
                    raise ImportFileError(
                        _("The file contains binary data: it is not a text file in UTF-8 or "
                          "Latin-1.")
                    )
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
        finally:
            handle.seek(0)
    raise ImportFileError(
        _("The file's encoding was not recognised: save it as UTF-8 (or Latin-1) and try "
          "again.")
    )


def text_stream(source) -> io.TextIOWrapper:
    handle = open_binary(source)
    encoding = detect_encoding(handle)
    return io.TextIOWrapper(handle, encoding=encoding, newline="", errors="strict")


class CsvReader:
    """CSV with `,`, `;` or tab delimiters, guessed from the header line."""

    unit = "line"

    def __init__(self, source, mapping: Mapping):
        self.stream = text_stream(source)
        self.mapping = mapping
        header_line = self.stream.readline()
        self.stream.seek(0)
        if not header_line.strip():
            raise ImportFileError(_("The file is empty."))
        delimiter = max([",", ";", "\t"], key=header_line.count)
        self.reader = csv.reader(self.stream, delimiter=delimiter)
        self.header = [name.strip() for name in next(self.reader)]
        present = set(self.header)
        self.provided = {
            name for name, spec in mapping.columns.items()
            if any(column in present for column in column_names(spec))
        } | set(mapping.defaults)
        missing = [name for name in REQUIRED if name not in self.provided]
        if missing:
            raise ImportFileError(
                _("Missing required column(s): %(columns)s. The header has: %(header)s.")
                % {
                    "columns": ", ".join(
                        "/".join(column_names(mapping.columns.get(name)) or [name])
                        for name in missing
                    ),
                    "header": ", ".join(self.header) or "-",
                }
            )
        self.total = None

    def __iter__(self) -> Iterator[tuple[int, dict | str]]:
        width = len(self.header)
        while True:
            line = self.reader.line_num + 1
            try:
                row = next(self.reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("Line %(line)d cannot be read as CSV: %(error)s")
                    % {"line": line, "error": error}
                ) from error
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                yield line, _("%(found)d columns where the header has %(expected)d.") % {
                    "found": len(row), "expected": width}
                continue
            yield line, dict(zip(self.header, row, strict=True))

    def close(self):
        self.stream.close()


def load_json(source):
    stream = text_stream(source)
    try:
        return json.load(stream)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("The file is not valid JSON (line %(line)d, column %(column)d: %(error)s).")
            % {"line": error.lineno, "column": error.colno, "error": error.msg}
        ) from error
    except RecursionError as error:
        raise ImportFileError(
            _("The file is not usable JSON: its values are nested too deeply.")) from error
    except ValueError as error:  # e.g. a number too long to convert
        raise ImportFileError(_("The file is not usable JSON: %(error)s") % {
            "error": str(error)[:200]}) from error
    finally:
        stream.close()


class JsonReader:
    """A JSON document holding a list of records; subclasses find the list."""

    unit = "record"

    def __init__(self, source, mapping: Mapping):
        self.mapping = mapping
        self.records = self.extract(load_json(source))
        self.provided = set(mapping.columns) | set(mapping.defaults)
        self.total = len(self.records)

    def extract(self, data) -> list:
        raise NotImplementedError

    def __iter__(self):
        for number, record in enumerate(self.records, start=1):
            if not isinstance(record, dict):
                yield number, _("Not a JSON object.")
                continue
            yield number, self.flatten(record)

    def flatten(self, record: dict) -> dict:
        return record

    def close(self):
        self.records = []


class GeoJsonReader(JsonReader):
    """A FeatureCollection of Point features; properties hold the columns."""

    def extract(self, data):
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
                or not isinstance(data.get("features"), list):
            raise ImportFileError(_("A GeoJSON file must hold a FeatureCollection."))
        return data["features"]

    def flatten(self, feature):
        properties = feature.get("properties")
        record = dict(properties) if isinstance(properties, dict) else {}
        geometry = feature.get("geometry")
        if isinstance(geometry, dict):
            coordinates = geometry.get("coordinates")
            if geometry.get("type") != "Point":
                record["__error__"] = _("Only Point geometries can be imported (found %(type)s)."
                                        ) % {"type": geometry.get("type")}
            elif isinstance(coordinates, list) and len(coordinates) >= 2:
                record[self.mapping.columns.get("longitude") or "longitude"] = coordinates[0]
                record[self.mapping.columns.get("latitude") or "latitude"] = coordinates[1]
        if feature.get("id") is not None and "id" not in record:
            record["id"] = feature["id"]
        return record


class FablabsReader(JsonReader):
    """The fablabs.io labs JSON: a list of labs, or {"labs": [...]}."""

    def extract(self, data):
        if isinstance(data, dict) and isinstance(data.get("labs"), list):
            return data["labs"]
        if isinstance(data, list):
            return data
        raise ImportFileError(_('A fablabs.io file holds a list of labs or {"labs": [...]}.'))

    def flatten(self, lab):
        lab = dict(lab)
        if isinstance(lab.get("country_code"), str):
            lab["country_code"] = lab["country_code"].upper()
        links = lab.get("links") or []
        urls = [link.get("url") if isinstance(link, dict) else link for link in links]
        lab["links"] = [url for url in urls if isinstance(url, str) and url.strip()]
        return lab


class GoGoCartoReader(JsonReader):
    """A GoGoCarto export: {"data": [...]} with geo, address and categories."""

    def extract(self, data):
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            return data["data"]
        raise ImportFileError(_('A GoGoCarto export holds {"data": [...]}.'))


READERS = {
    "csv": CsvReader,
    "geojson": GeoJsonReader,
    "fablabs": FablabsReader,
    "gogocarto": GoGoCartoReader,
}
