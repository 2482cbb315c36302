"""One run of the import from the national service: every learner file of a folder, one transaction per learner."""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext

from ....transfer_format.national_history import NationalFormatError, read_person, read_study_rights
from ..problems import ImportProblem, Note
from .store import CREATED, EXTENDED, SKIPPED, UNCHANGED, StudyRightOutcome, store_national_learner

logger = logging.getLogger(__name__)


@dataclass
class NationalImportReport:
    """Counts of one run, what was done with each study right, and the learner files that were skipped whole."""

    files: int = 0
    learners_created: int = 0
    learners_updated: int = 0
    study_rights: list = field(default_factory=list)
    skipped_files: list = field(default_factory=list)

    def count(self, outcome):
        return sum(1 for item in self.study_rights if item.outcome == outcome)


def import_national(source, progress=None):
    """Import every learner file of a NationalDirectory; return a NationalImportReport.

    A file that cannot be read or whose learner conflicts with the register is skipped whole;
    a study right that cannot be imported is skipped on its own. Running the same folder again
    writes nothing.
    """
    report = NationalImportReport()
    for learner_file in source.learner_files():
        report.files += 1
        if learner_file.problem is not None:
            _skip_file(report, learner_file.problem)
            continue
        try:
            person = read_person(learner_file.document)
            study_rights, unreadable = read_study_rights(learner_file.document)
        except NationalFormatError as error:
            _skip_file(report, ImportProblem(learner_file.location, str(error)))
            continue
        for path, message in unreadable:
            report.study_rights.append(StudyRightOutcome("", SKIPPED, message=f"{learner_file.location.child(path)}: {message}"))
        try:
            outcome = store_national_learner(person, study_rights, source, learner_file.location)
        except ImportProblem as problem:
            _skip_file(report, problem)
            continue
        report.learners_created += int(outcome.learner_created)
        report.learners_updated += int(outcome.learner_updated)
        report.study_rights.extend(outcome.study_rights)
        if progress is not None and report.files % 100 == 0:
            progress(gettext("learner files read: %(files)s") % {"files": report.files})

    logger.info(
        "national_import_finished files=%s learners_created=%s study_rights_created=%s extended=%s unchanged=%s skipped=%s",
        report.files, report.learners_created, report.count(CREATED), report.count(EXTENDED), report.count(UNCHANGED),
        report.count(SKIPPED) + len(report.skipped_files),
    )
    return report


def _skip_file(report, problem):
    report.skipped_files.append(Note(problem.location, problem.message))
    logger.warning("national_import_file_skipped file=%s", problem.location.file)
