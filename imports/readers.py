"""Format readers: each turns a file into (line number, record) pairs, streaming CSV.

A record is a dict keyed by the source's own column names; `mapping.Mapping` says which
of them are ours. A file that cannot be read at all raises ImportFileError.
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer
from django.utils.translation import gettext as _

from imports.mapping import REQUIRED, Mapping
from imports.mapping import column_names_of as column_names

FORMATS = ["csv", "geojson", "fablabs", "gogocarto", "spaceapi", "osm", "json"]
CHUNK = 1 << 16
SAMPLE = 1 << 16
# The code pages met in real directories; charset-normalizer chooses among them.
ENCODINGS = ["utf_8", "cp1252", "cp850", "latin_1", "mac_roman", "utf_16_le", "utf_16_be"]
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


def decodes(handle, encoding: str) -> bool:
    """Whether the whole file decodes in this encoding, read chunk by chunk (a bad byte
    near the end still stops the import before anything is written)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := handle.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        handle.seek(0)


def sample_of(handle) -> bytes:
    """The file's first bytes and its first lines holding non-ASCII bytes, where code
    pages differ: enough for the detector, whatever the file's size."""
    head = handle.read(SAMPLE)
    lines = []
    size = 0
    for line in handle:
        if not line.isascii():
            lines.append(line)
            size += len(line)
            if size > SAMPLE:
                break
    handle.seek(0)
    return head + b"\n" + b"".join(lines)


def detect_encoding(handle) -> str:
    """UTF-8 (with or without BOM) or UTF-16 by their marks, else the code page that
    charset-normalizer finds (Windows-1252, DOS CP850, Latin-1, Mac Roman, UTF-16)."""
    handle.seek(0)
    start = handle.read(4)
    handle.seek(0)
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    if start[:3] == codecs.BOM_UTF8:
        return "utf-8-sig"
    head = handle.read(SAMPLE)
    handle.seek(0)
    if b"\x00" not in head[:4096] and decodes(handle, "utf-8"):
        return "utf-8"
    sample = head if b"\x00" in head[:4096] else sample_of(handle)
    matches = charset_normalizer.from_bytes(sample, cp_isolation=ENCODINGS)
    for match in matches:
        encoding = codecs.lookup(match.encoding).name
        if decodes(handle, encoding):
            return encoding
    raise ImportFileError(
        _("The file's encoding was not recognised: it does not look like text. Export it "
          "again as CSV or JSON in UTF-8 (any spreadsheet offers it) and try again.")
    )


class TextStream(io.TextIOWrapper):
    """The decoded file, with the encoding it was found in."""

    encoding_found = "utf-8"


def text_stream(source) -> TextStream:
    handle = open_binary(source)
    encoding = detect_encoding(handle)
    stream = TextStream(handle, encoding=encoding, newline="", errors="strict")
    stream.encoding_found = encoding
    return stream


def refuse_nul(text: str, line: int) -> None:
    """A NUL character is never text: the file is binary (or a mislabelled UTF-16)."""
    if "\x00" in text:
        raise ImportFileError(
            _("Line %(line)d contains binary data (a NUL character): the file is not a text "
              "file. Export it again as CSV or JSON in UTF-8.") % {"line": line})


class CsvReader:
    """CSV with `,`, `;` or tab delimiters, guessed from the header line."""

    unit = "line"

    def __init__(self, source, mapping: Mapping):
        if mapping.records:
            raise ImportFileError(_("\"records\" names where the records are in a JSON "
                                    "file; a CSV file has one record per line."))
        self.stream = text_stream(source)
        self.encoding = self.stream.encoding_found
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
            if "\x00" in "".join(row):
                refuse_nul("\x00", line)
            if len(row) != width:
                yield line, _("%(found)d columns where the header has %(expected)d.") % {
                    "found": len(row), "expected": width}
                continue
            yield line, dict(zip(self.header, row, strict=True))

    def close(self):
        self.stream.close()


def load_json(source) -> tuple[object, str]:
    """The JSON document and the encoding it was read in. Control characters inside
    strings are accepted here and removed field by field (with a report line)."""
    stream = text_stream(source)
    try:
        text = stream.read()
        if "\x00" in text:
            refuse_nul(text, text.count("\n", 0, text.index("\x00")) + 1)
        return json.loads(text, strict=False), stream.encoding_found
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


def dig_path(data, path: str):
    """The value at a dotted path ("data.items") of a JSON document, or None."""
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


class JsonReader:
    """A JSON document holding a list of records; subclasses find the list, unless the
    mapping names it (`records: spaces`, `records: data.items`)."""

    unit = "record"

    def __init__(self, source, mapping: Mapping):
        self.mapping = mapping
        data, self.encoding = load_json(source)
        if mapping.records:
            records = dig_path(data, mapping.records)
            if not isinstance(records, list):
                raise ImportFileError(
                    _("The mapping's records %(path)r do not name a list in the file.")
                    % {"path": mapping.records})
            self.records = records
        else:
            self.records = self.extract(data)
        self.provided = set(mapping.columns) | set(mapping.defaults)
        self.total = len(self.records)

    def extract(self, data) -> list:
        if isinstance(data, list):
            return data
        lists = [key for key, value in data.items() if isinstance(value, list)] \
            if isinstance(data, dict) else []
        raise ImportFileError(
            _("The file holds no list of records at its top: name where they are with "
              "\"records\" in the mapping (lists found: %(keys)s).")
            % {"keys": ", ".join(lists[:10]) or "-"})

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


def social_url(network: str, value) -> str:
    """A SpaceAPI or OpenStreetMap contact ("@lab", "lab@mastodon.social") as an address."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        return value
    handle = value.lstrip("@")
    if network == "twitter":
        return f"https://twitter.com/{handle}"
    if network == "mastodon" and handle.count("@") == 1:
        user, host = handle.split("@")
        return f"https://{host}/@{user}"
    if network == "facebook":
        return f"https://www.facebook.com/{handle}"
    return ""


SOCIAL_NETWORKS = ["twitter", "mastodon", "facebook"]


class SpaceApiReader(JsonReader):
    """SpaceAPI documents (https://spaceapi.io): one document, a list of them, or
    {"spaces": [...]} (as directories aggregate them)."""

    def extract(self, data):
        if isinstance(data, dict) and isinstance(data.get("spaces"), list):
            return data["spaces"]
        if isinstance(data, dict) and "space" in data:
            return [data]
        if isinstance(data, list):
            return data
        if isinstance(data, dict) and data and all(isinstance(v, str) for v in data.values()):
            raise ImportFileError(_(
                "This is a SpaceAPI directory (names and addresses of documents): fetch the "
                "documents and import them as a list or {\"spaces\": [...]}."))
        raise ImportFileError(_("A SpaceAPI file holds one SpaceAPI document, a list of "
                                "them, or {\"spaces\": [...]}."))

    def flatten(self, space):
        record = dict(space)
        contact = space.get("contact") if isinstance(space.get("contact"), dict) else {}
        record["@social"] = [url for url in (social_url(network, contact.get(network))
                                             for network in SOCIAL_NETWORKS) if url]
        if isinstance(record.get("location"), dict):
            location = dict(record["location"])
            if isinstance(location.get("country_code"), str):
                location["country_code"] = location["country_code"].upper()
            record["location"] = location
        return record


class OsmReader(JsonReader):
    """OpenStreetMap data from Overpass (`[out:json]`, with `out center;` for ways and
    relations): each element's tags are its columns."""

    KIND_KEYS = ["hackerspace", "leisure", "office", "amenity", "club", "craft"]

    def extract(self, data):
        if isinstance(data, dict) and isinstance(data.get("elements"), list):
            return data["elements"]
        raise ImportFileError(_('An OpenStreetMap file is Overpass JSON: {"elements": '
                                '[...]} (query with [out:json] and "out center;").'))

    def flatten(self, element):
        tags = element.get("tags")
        record = {str(key): value for key, value in tags.items()} \
            if isinstance(tags, dict) else {}
        record["@id"] = f"{element.get('type', 'node')}/{element.get('id', '')}"
        point = element.get("center") if element.get("type") != "node" else element
        if isinstance(point, dict):
            record["@lat"], record["@lon"] = point.get("lat"), point.get("lon")
        elif record.get("name"):
            record["__error__"] = _("no coordinates: export ways and relations with "
                                    "\"out center;\".")
        record["@kind"] = [f"{key}={record[key]}" for key in self.KIND_KEYS
                           if isinstance(record.get(key), str)]
        street = " ".join(str(record[key]) for key in ("addr:housenumber", "addr:street")
                          if record.get(key))
        record["@address"] = street or record.get("addr:full") or record.get("addr:place")
        record["@social"] = [url for url in (
            social_url(network, record.get(f"contact:{network}"))
            for network in SOCIAL_NETWORKS) if url]
        start = str(record.get("start_date") or "")
        record["@start_year"] = start[:4] if start[:4].isdigit() else start
        if isinstance(record.get("addr:country"), str):
            record["addr:country"] = record["addr:country"].upper()
        return record


READERS = {
    "csv": CsvReader,
    "geojson": GeoJsonReader,
    "fablabs": FablabsReader,
    "gogocarto": GoGoCartoReader,
    "spaceapi": SpaceApiReader,
    "osm": OsmReader,
    "json": JsonReader,
}
