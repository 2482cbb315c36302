"""Problems and counts of an import run: what was skipped or noted, and what was written."""

from dataclasses import dataclass, field

from ... import identity_codes


class ImportFailed(Exception):
    """The import cannot run at all: the source or the reference data it needs is missing."""


@dataclass(frozen=True)
class Location:
    """The place of a record in the source: the file and the element (or JSON path) inside it.

    The element is masked with `identity_codes.redact`, because VIRTA's keys may contain an
    identity code. The file keeps the name that the source register gave it.
    """

    file: str
    element: str = ""

    def child(self, element):
        return Location(self.file, identity_codes.redact(f"{self.element}/{element}" if self.element else element))

    def __str__(self):
        return f"{self.file} {self.element}".strip()


class ImportProblem(Exception):
    """A record that cannot be imported: bad input at `location`. The record is skipped, nothing of it stored."""

    def __init__(self, location, message):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass
class Note:
    location: Location
    message: str

    def __str__(self):
        return f"{self.location}: {self.message}"


@dataclass
class ImportReport:
    """Counts of one run, the records it skipped (bad input) or imported with a warning, and notes on the source."""

    files: int = 0
    persons: int = 0
    learners_created: int = 0
    learners_updated: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_invalidated: int = 0
    skipped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def count(self, outcome):
        """Add the counts of one person's PersonOutcome."""
        self.learners_created += int(outcome.learner_created)
        self.learners_updated += int(outcome.learner_updated)
        self.created += outcome.created
        self.updated += outcome.updated
        self.unchanged += outcome.unchanged
        self.kept_invalidated += outcome.kept_invalidated

    def skip(self, problem):
        self.skipped.append(Note(problem.location, problem.message))

    def warn(self, location, message):
        self.warnings.append(Note(location, message))
