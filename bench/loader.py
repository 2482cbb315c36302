"""A COPY-based loader: writes a synthetic population straight into PostgreSQL, one COPY per table.

It writes the rows the ingest would write for the same documents (learner, study right, its
first version with patch and snapshot, achievement rows), and no audit events or transfer-log
rows. Each chunk of learners is one transaction, so an interrupted load keeps whole learners.
Row ids come from the tables' own identity sequences, reserved a block at a time, so rows that
the API writes later get ids above them.
"""

import datetime
import json
import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from registry import identity_codes
from registry.models import Achievement, Learner, StudyRight, StudyRightVersion, VersionSource
from registry.transfer_format.achievements import derive_achievements

# Rows of the synthetic data are dated from here, a second apart per study right, so the admin's
# "most recently updated first" order has distinct values to sort.
FIRST_TIMESTAMP = datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC)
AUTHOR_NAME = "bench-loader"
SOURCE_PLACEHOLDER = "\u0000bench-source-id\u0000"

LEARNER_COLUMNS = ("id", "oid", "identity_code_ciphertext", "identity_code_hash", "first_names", "calling_name",
                   "last_name", "birth_date", "mother_tongue", "nationalities", "non_disclosure", "created_at",
                   "updated_at", "master_id")
STUDY_RIGHT_COLUMNS = ("id", "oid", "learner_id", "type", "institution_id", "provider_id", "parent_institution_id",
                       "source_system", "source_id", "version", "invalidated", "start_date", "end_date", "state",
                       "parent_study_right_oid", "document", "created_at", "updated_at", "imported_timestamp")
VERSION_COLUMNS = ("study_right_id", "version", "created_at", "imported_timestamp", "author_id", "author_name",
                   "source", "patch", "snapshot")
ACHIEVEMENT_COLUMNS = ("id", "study_right_id", "learner_id", "parent_id", "position", "sequence", "depth", "type",
                       "module_code", "module_code_set", "name", "scope", "scope_unit", "grade", "grade_scale",
                       "accepted", "assessment_date", "verification_date", "verification_organisation_oid",
                       "diary_number")


@dataclass
class LoadReport:
    learners: int = 0
    study_rights: int = 0
    versions: int = 0
    achievements: int = 0
    document_bytes: int = 0
    seconds: dict = field(default_factory=lambda: {"prepare": 0.0, "learners": 0.0, "study_rights": 0.0,
                                                   "versions": 0.0, "achievements": 0.0})

    def add(self, other):
        for name in ("learners", "study_rights", "versions", "achievements", "document_bytes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, seconds in other.seconds.items():
            self.seconds[name] += seconds


class _TemplateText:
    """A template's stored document as JSON text with a placeholder for the source id, and its achievements."""

    def __init__(self, template):
        from .generator import SOURCE_SYSTEM_ID

        document = template.document
        if SOURCE_SYSTEM_ID in document:
            document = {**document, SOURCE_SYSTEM_ID: {**document[SOURCE_SYSTEM_ID], "id": SOURCE_PLACEHOLDER}}
        self.document = json.dumps(document, ensure_ascii=False).replace(json.dumps(SOURCE_PLACEHOLDER)[1:-1], "\x00")
        self.achievements = derive_achievements(template.document)
        positions = {row.position: number for number, row in enumerate(self.achievements)}
        self.parent_numbers = [positions.get(row.parent_position) for row in self.achievements]
        self.names = [json.dumps(row.name, ensure_ascii=False) for row in self.achievements]

    def document_text(self, source_id):
        return self.document.replace("\x00", json.dumps(source_id, ensure_ascii=False)[1:-1])


def load(population, start, stop, *, chunk_size=1000, check_constraints=True, progress=None):
    """COPY learners `start`..`stop` of `population` into the database; return a LoadReport.

    With `check_constraints` off the session skips foreign-key triggers (session_replication_role
    = replica, which needs a superuser): the generator makes every reference valid, and the
    triggers cost more than the COPY at a million learners.
    """
    texts = {}
    report = LoadReport()
    for chunk_start in range(start, stop, chunk_size):
        chunk_stop = min(stop, chunk_start + chunk_size)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # A chunk lost in a crash is loaded again, so waiting for the flush to disk at each commit buys nothing.
                cursor.execute("SET LOCAL synchronous_commit = off")
                if not check_constraints:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            report.add(_load_chunk(population, chunk_start, chunk_stop, texts))
        if progress:
            progress(chunk_stop, report)
    return report


def _load_chunk(population, start, stop, texts):
    report = LoadReport()
    began = time.perf_counter()
    learners = list(population.learners(start, stop))
    study_right_count = sum(len(learner.study_rights) for learner in learners)
    learner_ids = _reserve_ids(Learner, len(learners))
    study_right_ids = _reserve_ids(StudyRight, study_right_count)
    learner_rows, study_right_rows, version_rows, achievement_plan = [], [], [], []
    for learner, learner_id in zip(learners, learner_ids):
        learner_rows.append(_learner_row(learner, learner_id))
        for study_right in learner.study_rights:
            study_right_id = next(study_right_ids)
            text = texts.get(id(study_right.template))
            if text is None:
                text = texts[id(study_right.template)] = _TemplateText(study_right.template)
            document = text.document_text(study_right.source_id)
            timestamp = FIRST_TIMESTAMP + datetime.timedelta(seconds=study_right.serial)
            study_right_rows.append(_study_right_row(study_right, study_right_id, learner_id, document, timestamp))
            version_rows.append((study_right_id, 1, timestamp, "", None, AUTHOR_NAME, VersionSource.IMPORT.value,
                                 f'[{{"op": "add", "path": "", "value": {document}}}]', document))
            achievement_plan.append((study_right_id, learner_id, text))
            report.document_bytes += len(document.encode())
    achievement_ids = _reserve_ids(Achievement, sum(len(text.achievements) for _, _, text in achievement_plan))
    report.seconds["prepare"] += time.perf_counter() - began

    report.learners = _copy("learners", Learner, LEARNER_COLUMNS, learner_rows, report)
    report.study_rights = _copy("study_rights", StudyRight, STUDY_RIGHT_COLUMNS, study_right_rows, report)
    report.versions = _copy("versions", StudyRightVersion, VERSION_COLUMNS, version_rows, report)
    report.achievements = _copy("achievements", Achievement, ACHIEVEMENT_COLUMNS,
                                _achievement_rows(achievement_plan, achievement_ids), report)
    return report


def _learner_row(learner, learner_id):
    code = learner.identity_code
    return (learner_id, learner.oid, identity_codes.encrypt(code), identity_codes.lookup_hash(code),
            learner.first_names, learner.calling_name, learner.last_name, learner.birth_date, "", "[]", False,
            FIRST_TIMESTAMP, FIRST_TIMESTAMP, None)


def _study_right_row(study_right, study_right_id, learner_id, document, timestamp):
    template = study_right.template
    return (study_right_id, study_right.oid, learner_id, template.type, template.institution_id,
            template.provider_id, template.parent_institution_id, template.source_system,
            study_right.column_source_id, 1, False, template.start_date, template.end_date, template.state, "",
            document, timestamp, timestamp, "")


def _achievement_rows(plan, ids):
    for study_right_id, learner_id, text in plan:
        row_ids = [next(ids) for _ in text.achievements]
        for number, row in enumerate(text.achievements):
            parent = text.parent_numbers[number]
            yield (row_ids[number], study_right_id, learner_id, row_ids[parent] if parent is not None else None,
                   row.position, row.sequence, row.depth, row.type, row.module_code, row.module_code_set,
                   text.names[number], row.scope, row.scope_unit, row.grade, row.grade_scale, row.accepted,
                   row.assessment_date, row.verification_date, row.verification_organisation_oid, row.diary_number)


def _reserve_ids(model, count):
    """Reserve `count` ids from the identity sequence of `model`'s table and return an iterator over them."""
    if count == 0:
        return iter(())
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        # nextval() is never rolled back, so concurrent loaders and the API never get the same ids.
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        ids = [row[0] for row in cursor.fetchall()]
    return iter(ids)


def _copy(name, model, columns, rows, report):
    began = time.perf_counter()
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    report.seconds[name] += time.perf_counter() - began
    return count
