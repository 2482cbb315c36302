"""One VIRTA import run: read every response, find the persons, build one result per person, store it.

Records about the same person are read together, whichever files they are in: records that share
an identity code or a learner OID (KansallinenOppijanumero) are one person. Each file is
converted on its own, as one VIRTA response, and the person's study rights are merged by their
key, the later file in name order winning. A person whose records hold any bad input is skipped
whole, so nothing of them is stored from this run.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .... import identity_codes
from ....oids import is_learner_oid
from ....transfer_format import higher_education
from ..problems import ImportProblem, ImportReport, Location
from ..references import ReferenceData
from ..store import ImportedPerson, ImportedStudyRight, store_person
from .convert import ResponseConverter
from .parse import parse_personal_data, parse_study_records

logger = logging.getLogger(__name__)


@dataclass
class PersonRecords:
    """The records of one person: their identity code and learner OIDs, and their Opiskelija elements by file."""

    location: Location
    identity_codes: set = field(default_factory=set)
    oids: list = field(default_factory=list)
    files: dict = field(default_factory=dict)


def import_virta(source, *, progress=None):
    """Import every person of `source` (a VirtaDirectory or VirtaService); return the ImportReport."""
    references = ReferenceData()
    report = ImportReport()

    responses = []
    for name, data in source.study_records():
        report.files += 1
        try:
            responses.append((name, parse_study_records(data, Location(name))))
        except ImportProblem as problem:
            report.skip(problem)

    persons = group_persons(responses, report)
    report.persons = len(persons)
    for number, person in enumerate(persons, start=1):
        try:
            import_person(person, source, references, report)
        except ImportProblem as problem:
            report.skip(problem)
        if progress is not None:
            progress(gettext("persons %(done)s/%(total)s") % {"done": number, "total": len(persons)})

    logger.info(
        "virta_import_finished files=%s persons=%s created=%s updated=%s unchanged=%s skipped=%s",
        report.files, report.persons, report.created, report.updated, report.unchanged, len(report.skipped),
    )
    return report


def group_persons(responses, report):
    """Return the PersonRecords of the responses: records that share an identity code or a learner OID join."""
    parent = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    accepted = []
    for name, students in responses:
        for student in students:
            identifiers = student_identifiers(student, report)
            if not identifiers:
                continue
            for identifier in identifiers[1:]:
                parent[find(identifier)] = find(identifiers[0])
            accepted.append((name, student, identifiers))

    persons = {}
    for name, student, identifiers in accepted:
        person = persons.setdefault(find(identifiers[0]), PersonRecords(location=student.location))
        for kind, value in identifiers:
            if kind == "code":
                person.identity_codes.add(value)
            elif value not in person.oids:
                person.oids.append(value)
        person.files.setdefault(name, []).append(student)
    return list(persons.values())


def student_identifiers(student, report):
    """Return the ("code", identity code) and ("oid", learner OID) of an Opiskelija, or [] after reporting why none."""
    identifiers = []
    if student.identity_code:
        try:
            identifiers.append(("code", identity_codes.validate(student.identity_code, allow_synthetic=True)))
        except identity_codes.InvalidIdentityCode as error:
            report.skip(ImportProblem(student.location.child("Henkilotunnus"), gettext(
                "the personal identity code is invalid (%(reason)s)"
            ) % {"reason": error}))
            return []
    if student.learner_oid:
        if not is_learner_oid(student.learner_oid):
            report.skip(ImportProblem(student.location.child("KansallinenOppijanumero"), gettext(
                "%(value)s is not a learner OID such as 1.2.246.562.24.00000000001"
            ) % {"value": student.learner_oid}))
            return []
        identifiers.append(("oid", student.learner_oid))
    if not identifiers:
        report.skip(ImportProblem(student.location, gettext(
            "the student has neither a personal identity code (Henkilotunnus) nor a learner OID (KansallinenOppijanumero)"
        )))
    return identifiers


def import_person(person, source, references, report):
    """Convert and store one person's records; raise ImportProblem, with nothing stored, on bad input."""
    if len(person.identity_codes) > 1:
        raise ImportProblem(person.location, gettext(
            "records with the same learner OID name %(count)s different personal identity codes"
        ) % {"count": len(person.identity_codes)})
    identity_code = next(iter(person.identity_codes), "")

    merged = {}
    institution_numbers = []
    for name, students in person.files.items():
        converter = ResponseConverter(students, references, report, Location(name))
        for study_right in converter.convert():
            item = imported_study_right(study_right, references)
            merged[item.key] = item
        institution_numbers.extend(
            record.institutions.awarding for student in students for record in student.study_rights
            if record.institutions.awarding.isdigit()
        )

    imported = ImportedPerson(location=person.location, identity_code=identity_code, oids=person.oids)
    if identity_code:
        add_personal_data(imported, source, list(dict.fromkeys(institution_numbers)), references)
    outcome = store_person(
        imported, list(merged.values()),
        study_right_type=higher_education.STUDY_RIGHT_TYPE, source_system=higher_education.SOURCE_SYSTEM,
        key_of=higher_education.study_right_key,
    )
    report.count(outcome)


def imported_study_right(study_right, references):
    """Return the ImportedStudyRight of a HigherEducationStudyRight, with its institution's education provider."""
    institution = references.row_of(study_right.institution)
    study_right.provider = references.provider_of(institution)
    document = higher_education.study_right_document(study_right, references.fixed_code)
    return ImportedStudyRight(
        key=higher_education.study_right_key(document), document=document,
        institution=institution, provider=study_right.provider,
    )


def add_personal_data(person, source, institution_numbers, references):
    """Set the person's names, mother tongue and nationality from the first personal-data record that names them."""
    for name, data in source.personal_data(person.identity_code, institution_numbers):
        for record in parse_personal_data(data, Location(name)):
            if normalised(record.identity_code) != person.identity_code or not (record.first_names and record.last_name):
                continue
            person.first_names = record.first_names
            person.calling_name = record.first_names.split(" ")[0]
            person.last_name = record.last_name
            language = references.code("kieli", record.mother_tongue.upper()) if record.mother_tongue else None
            person.mother_tongue = language.value if language is not None else ""
            person.nationalities = [record.nationality] if record.nationality else []
            return


def normalised(code):
    return identity_codes.normalise(code) if code else ""

