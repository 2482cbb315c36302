"""One YTR import run: read the records, keep one per person, convert and store each in its own transaction.

The person of a per-person record (oph-koski) is the identity code the register asked about,
which names the file. The ssn inside can be the person's earlier code, so it is not used, as in
the national service. The person of a bulk record (oph-registrydata) is its ssn. When a run has
both shapes for one person, the bulk record wins, because it is the form the national service
stores; a later record of the same shape wins over an earlier one.
"""

import logging

from django.utils.translation import gettext

from .... import identity_codes
from ....transfer_format import matriculation
from ..problems import ImportProblem, ImportReport
from ..references import ReferenceData
from ..store import ImportedPerson, ImportedStudyRight, store_person
from .convert import bulk_study_right, per_person_study_right
from .parse import BULK_SHAPE, parse_bulk, parse_per_person

logger = logging.getLogger(__name__)

# A learner has one matriculation examination study right, so every YTR document has the same key.
STUDY_RIGHT_KEY = matriculation.STUDY_RIGHT_TYPE


def import_ytr(source, *, progress=None):
    """Import every person of `source` (a YtrDirectory or YtrService); return the ImportReport."""
    references = ReferenceData()
    references.matriculation_board()
    report = ImportReport()

    persons = {}
    for record in source.records():
        report.files += 1
        try:
            identity_code, parsed = read(record)
        except ImportProblem as problem:
            report.skip(problem)
            continue
        earlier = persons.get(identity_code)
        if earlier is not None and earlier[0].shape == BULK_SHAPE and record.shape != BULK_SHAPE:
            report.warn(record.location, gettext("not used: the run has a bulk record of the same person (%(file)s)") % {
                "file": earlier[0].location.file,
            })
            continue
        if earlier is not None:
            report.warn(earlier[0].location, gettext("not used: a later record of the same person replaces it (%(file)s)") % {
                "file": record.location.file,
            })
        persons[identity_code] = (record, parsed)
    report_listed_codes(source, report)

    report.persons = len(persons)
    for number, (identity_code, (record, parsed)) in enumerate(persons.items(), start=1):
        try:
            import_person(identity_code, record, parsed, references, report)
        except ImportProblem as problem:
            report.skip(problem)
        if progress is not None:
            progress(gettext("persons %(done)s/%(total)s") % {"done": number, "total": len(persons)})

    logger.info(
        "ytr_import_finished records=%s persons=%s created=%s updated=%s unchanged=%s skipped=%s",
        report.files, report.persons, report.created, report.updated, report.unchanged, len(report.skipped),
    )
    return report


def read(record):
    """Return (identity code of the person, parsed record) of a SourceRecord, or raise ImportProblem."""
    if record.problem is not None:
        raise record.problem
    if record.shape == BULK_SHAPE:
        parsed = parse_bulk(record.document, record.location)
        code, where = parsed.identity_code, record.location.child("ssn")
    else:
        parsed = parse_per_person(record.document, record.location)
        code, where = record.requested_identity_code, record.location
    try:
        return identity_codes.validate(code, allow_synthetic=True), parsed
    except identity_codes.InvalidIdentityCode as error:
        raise ImportProblem(where, gettext("the personal identity code is invalid (%(reason)s)") % {"reason": error}) from None


def import_person(identity_code, record, parsed, references, report):
    """Convert and store one person's record; raise ImportProblem, with nothing stored, on bad input.

    A record without names still imports, because the identity code identifies the person. The
    national service skips it, because it cannot create a person without names.
    """
    if record.shape == BULK_SHAPE:
        study_right = bulk_study_right(parsed, references)
    else:
        study_right = per_person_study_right(parsed, references)
    document = matriculation.study_right_document(study_right, references.fixed_code)

    board = references.row_of(study_right.board)
    person = ImportedPerson(
        location=record.location,
        identity_code=identity_code,
        first_names=parsed.first_names,
        calling_name=parsed.first_names.split(" ")[0],
        last_name=parsed.last_name,
    )
    outcome = store_person(
        person,
        [ImportedStudyRight(
            key=STUDY_RIGHT_KEY, document=document,
            institution=references.row_of(study_right.institution), provider=board,
        )],
        study_right_type=matriculation.STUDY_RIGHT_TYPE,
        source_system=matriculation.SOURCE_SYSTEM,
        key_of=lambda _document: STUDY_RIGHT_KEY,
    )
    report.count(outcome)


def report_listed_codes(source, report):
    """Note what the source skipped on purpose: older versions of bulk records, and modifiedSince's lists."""
    if source.superseded:
        report.notes.append(gettext(
            "%(count)s older versions of bulk records not read, because a file with a higher _<n> is the current record"
        ) % {"count": len(source.superseded)})
    listed = getattr(source, "listed_identity_codes", None)
    if listed is not None:
        try:
            count = len(listed())
        except ImportProblem as problem:
            report.skip(problem)
            return
        report.notes.append(gettext(
            "modifiedSince lists %(count)s identity codes to fetch again from YTR's endpoint; it holds no records"
        ) % {"count": count})
