"""The report of a demo load, and the error raised when a load cannot go on."""

from dataclasses import dataclass, field
from pathlib import Path


class DemoDataError(RuntimeError):
    """The demo data cannot be loaded; the message states what is wrong and how to fix it."""


@dataclass
class RejectedDocument:
    """A demo document that the ingest pipeline rejected, with its errors as the API returns them."""

    name: str
    errors: list


@dataclass
class SkippedSample:
    name: str
    reason: str


@dataclass
class DemoReport:
    reference_directory: Path
    samples_directory: Path | None
    reference: list = field(default_factory=list)
    users_added: list = field(default_factory=list)
    rights_granted: int = 0
    official_institution: object = None
    learners_added: int = 0
    learners_present: int = 0
    study_rights_added: int = 0
    learner_oids: list = field(default_factory=list)
    example_learner_oid: str | None = None
    rejected: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    @property
    def added_anything(self):
        reference_changes = sum(report.added + report.changed + report.retired for report in self.reference)
        return bool(reference_changes or self.users_added or self.rights_granted or self.learners_added)
