"""Read the Matriculation Examination Board's records (YTR) into plain data.

YTR responds in two JSON shapes. The per-person shape (oph-koski) lists a candidate's exams with
their period, grade and points. The bulk shape (oph-registrydata) lists examinations
(tutkintokokonaisuudet), each with its examination periods and their exams. The readers check
the JSON types of the fields they use, and report a wrong one with its JSON path.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from ..problems import ImportProblem

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PER_PERSON_SHAPE = "oph-koski"
BULK_SHAPE = "oph-registrydata"


@dataclass
class PerPersonExam:
    location: object
    period: str
    exam_id: str
    grade: str | None
    points: int | None
    on_certificate: bool | None


@dataclass
class PerPersonRecord:
    """A record of the per-person shape (oph-koski)."""

    location: object
    identity_code: str
    first_names: str
    last_name: str
    graduation_date: datetime.date | None
    school_oid: str
    mandatory_exams_completed: bool
    exams: list


@dataclass
class BulkExam:
    location: object
    exam_id: str
    grade: str | None
    points: int | None
    aborted: bool | None
    free_of_charge: bool | None
    on_certificate: bool | None


@dataclass
class BulkPeriod:
    location: object
    period: str
    school_oid: str
    education: int | None
    exams: list


@dataclass
class BulkExamination:
    location: object
    language: str
    kind: str
    state: str
    periods: list
    included_exams: list = field(default_factory=list)  # (location, exam id, period)


@dataclass
class BulkRecord:
    """A record of the bulk shape (oph-registrydata)."""

    location: object
    identity_code: str
    first_names: str
    last_name: str
    graduation_date: datetime.date | None
    certificate_date: datetime.date | None
    school_oid: str
    mandatory_exams_completed: bool | None
    examinations: list


def load_json(data, location):
    """Return the JSON document in `data`, or raise ImportProblem when it is not JSON in UTF-8."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ImportProblem(location, gettext("the file is not UTF-8 (byte %(position)s)") % {"position": error.start}) from error
    except json.JSONDecodeError as error:
        raise ImportProblem(location, gettext("the file is not valid JSON: %(error)s at line %(line)s column %(column)s") % {
            "error": error.msg, "line": error.lineno, "column": error.colno,
        }) from error


def parse_per_person(document, location):
    record = Reader(document, location)
    return PerPersonRecord(
        location=location,
        identity_code=record.string("ssn"),
        first_names=record.string("firstnames"),
        last_name=record.string("lastname"),
        graduation_date=record.date("graduationDate"),
        school_oid=record.string("certificateSchoolOphOid"),
        mandatory_exams_completed=record.boolean("hasCompletedMandatoryExams", required=True),
        exams=[
            PerPersonExam(
                location=exam.location,
                period=exam.string("period", required=True),
                exam_id=exam.string("examId", required=True),
                grade=exam.string("grade") or None,
                points=exam.integer("points"),
                on_certificate=exam.boolean("toCertificate"),
            )
            for exam in record.objects("exams")
        ],
    )


def parse_bulk(document, location):
    record = Reader(document, location)
    return BulkRecord(
        location=location,
        identity_code=record.string("ssn", required=True),
        first_names=record.string("firstNames"),
        last_name=record.string("lastName"),
        graduation_date=record.date("graduationDate"),
        certificate_date=record.date("certificateDate"),
        school_oid=record.string("certificateSchoolOphOid"),
        mandatory_exams_completed=record.boolean("hasCompletedMandatoryExams"),
        examinations=[_examination(examination) for examination in record.objects("examinations")],
    )


def parse_identity_code_list(document, location):
    """Return the identity codes of a modifiedSince response {"ssns": [...]}."""
    return Reader(document, location).strings("ssns")


def _examination(examination):
    return BulkExamination(
        location=examination.location,
        language=examination.string("language", required=True),
        kind=examination.string("examinationType", required=True),
        state=examination.string("examinationState"),
        periods=[
            BulkPeriod(
                location=period.location,
                period=period.string("examinationPeriod", required=True),
                school_oid=period.string("schoolOid"),
                education=period.integer("education"),
                exams=[
                    BulkExam(
                        location=exam.location,
                        exam_id=exam.string("examId", required=True),
                        grade=exam.string("grade") or None,
                        points=exam.integer("gradePoints"),
                        aborted=exam.boolean("aborted"),
                        free_of_charge=exam.boolean("freeOfCharge"),
                        on_certificate=exam.boolean("toCertificate"),
                    )
                    for exam in period.objects("exams")
                ],
            )
            for period in examination.objects("examinationPeriods")
        ],
        included_exams=[
            (included.location, included.string("examId", required=True), included.string("examinationPeriod", required=True))
            for included in examination.objects("includedExams")
        ],
    )


class Reader:
    """Typed access to the fields of one JSON object, reporting a wrong type or a missing field with its path."""

    def __init__(self, value, location):
        if not isinstance(value, dict):
            raise ImportProblem(location, gettext("expected a JSON object"))
        self.value = value
        self.location = location

    def _get(self, key, kinds, required, expected):
        value = self.value.get(key)
        if value is None:
            if required:
                raise ImportProblem(self.location.child(key), gettext("the field is missing"))
            return None
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            raise ImportProblem(self.location.child(key), expected)
        return value

    def string(self, key, *, required=False):
        return self._get(key, (str,), required, gettext("expected a string")) or ""

    def integer(self, key, *, required=False):
        return self._get(key, (int,), required, gettext("expected a whole number"))

    def boolean(self, key, *, required=False):
        return self._get(key, (bool,), required, gettext("expected true or false"))

    def date(self, key):
        text = self.string(key)
        if not text:
            return None
        try:
            if not DATE.match(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ImportProblem(self.location.child(key), gettext("%(value)s is not a date in the form YYYY-MM-DD") % {
                "value": text,
            }) from None

    def objects(self, key):
        """Return a Reader for each object of the list at `key`; a missing or null list is empty."""
        items = self._get(key, (list,), False, gettext("expected a list")) or []
        return [Reader(item, self.location.child(f"{key}[{index}]")) for index, item in enumerate(items)]

    def strings(self, key):
        """Return the list of strings at `key`, which must be present."""
        items = self._get(key, (list,), True, gettext("expected a list"))
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise ImportProblem(self.location.child(f"{key}[{index}]"), gettext("expected a string"))
        return list(items)
