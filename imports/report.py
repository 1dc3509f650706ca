"""What an import did: counts, and one line per rejected or corrected record."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_CHANGES = 200
ENCODING_NAMES = {"cp1252": "Windows-1252", "cp850": "DOS (CP850)", "iso8859-1": "Latin-1",
                  "mac-roman": "Mac Roman", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
                  "utf-16-be": "UTF-16"}


def encoding_name(encoding: str) -> str:
    return ENCODING_NAMES.get(encoding, encoding)


@dataclass
class ReportLine:
    """A note about one record: `rejected` lines lose the record, others only a value."""

    line: int
    label: str
    message: str
    rejected: bool = False

    def __str__(self):
        where = _("line %(line)d") % {"line": self.line}
        if self.label:
            where = f"{where} ({self.label})"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """Counts of created, updated, unchanged and skipped actors, and the rejected records."""

    source: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    duplicates: int = 0  # repeats of a record already read from the same file (skipped)
    archived: int = 0
    cities_created: list[str] = field(default_factory=list)
    notes: list[ReportLine] = field(default_factory=list)
    unknown_kinds: Counter = field(default_factory=Counter)
    unknown_themes: Counter = field(default_factory=Counter)
    changes: list[ReportLine] = field(default_factory=list)
    encoding: str = "utf-8"
    html_converted: int = 0  # records whose HTML became plain text

    @property
    def rejected(self) -> list[ReportLine]:
        return [note for note in self.notes if note.rejected]

    @property
    def warnings(self) -> list[ReportLine]:
        return [note for note in self.notes if not note.rejected]

    @property
    def imported(self) -> int:
        """Records the platform now reflects (created, updated or already up to date)."""
        return self.created + self.updated + self.unchanged

    @property
    def succeeded(self) -> bool:
        """False when nothing at all could be imported (the command then fails)."""
        return self.imported + self.skipped > 0

    @property
    def unknown_values(self) -> list[tuple[str, str, int]]:
        """(field, value, number of records) for the admin's table."""
        return [("kind", value, n) for value, n in self.unknown_kinds.most_common()] + [
            ("theme", value, n) for value, n in self.unknown_themes.most_common()]

    @property
    def encoding_note(self) -> str:
        """Which code page the file was read in, when it was not UTF-8."""
        if self.encoding in {"utf-8", "utf-8-sig"}:
            return ""
        return _("The file was read as %(encoding)s.") % {
            "encoding": encoding_name(self.encoding)}

    @property
    def html_note(self) -> str:
        if not self.html_converted:
            return ""
        return ngettext(
            "HTML turned into plain text in %(count)d record.",
            "HTML turned into plain text in %(count)d records.", self.html_converted,
        ) % {"count": self.html_converted}

    def reject(self, line: int, label: str, message: str) -> None:
        self.notes.append(ReportLine(line, label, message, rejected=True))

    def warn(self, line: int, label: str, message: str) -> None:
        self.notes.append(ReportLine(line, label, message))

    def changed(self, line: int, label: str, fields: list[str]) -> None:
        """What an update changes (kept for the first MAX_CHANGES updated records)."""
        if len(self.changes) < MAX_CHANGES:
            self.changes.append(ReportLine(line, label, _("updated: %(fields)s.")
                                           % {"fields": ", ".join(fields)}))

    def skip(self, line: int, label: str, message: str) -> None:
        self.skipped += 1
        self.warn(line, label, message)

    def summary(self) -> str:
        text = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(skipped)d skipped, %(rejected)d rejected."
        ) % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "rejected": len(self.rejected),
        }
        if self.dry_run:
            text = _("Dry run, nothing was saved: %(summary)s") % {"summary": text}
        return text

    def lines(self) -> list[str]:
        """The whole report as text lines, for the command and the logs."""
        lines = [self.summary()]
        if self.archived:
            lines.append(ngettext(
                "%(count)d closed record imported as archived.",
                "%(count)d closed records imported as archived.", self.archived,
            ) % {"count": self.archived})
        lines += [line for line in (self.encoding_note, self.html_note) if line]
        if self.cities_created:
            lines.append(
                _("New cities (not AIMF members): %(names)s")
                % {"names": ", ".join(self.cities_created)}
            )
        for title, counter in (
            (_("Unknown kinds (add them to the mapping's \"kinds\"): %(values)s"),
             self.unknown_kinds),
            (_("Unknown themes (add them to the mapping's \"themes\"): %(values)s"),
             self.unknown_themes),
        ):
            if counter:
                values = ", ".join(f"{value!r} ×{n}" for value, n in counter.most_common())
                lines.append(title % {"values": values})
        lines += [_("rejected %(note)s") % {"note": note} for note in self.rejected]
        lines += [_("note %(note)s") % {"note": note} for note in self.warnings]
        lines += [str(note) for note in self.changes]
        if self.updated > len(self.changes):
            lines.append(_("… and %(count)d more updated records.")
                         % {"count": self.updated - len(self.changes)})
        return lines
