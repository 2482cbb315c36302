"""Imported documents follow the national schema, except where the register keeps what the national service drops."""

import pytest

from registry.models import StudyRight
from registry.transfer_format.schema.validator import validate_study_right
from tests.registry.imports.conftest import VIRTA_SAMPLES, YTR_SAMPLES, run_virta, run_ytr

pytestmark = pytest.mark.django_db


def schema_problems(study_right_type):
    return [
        (study_right.oid, problem.path, problem.message())
        for study_right in StudyRight.objects.filter(type=study_right_type)
        for problem in validate_study_right(study_right.document, study_right_type, "")
    ]


def test_higher_education_documents_follow_schema():
    run_virta(VIRTA_SAMPLES)

    problems = schema_problems("korkeakoulutus")

    # Institutions known only by number, and foreign ones, have no OID, which the schema requires.
    assert problems
    assert all(path.endswith(".oid") and "oid" in message for _oid, path, message in problems)


def test_matriculation_documents_follow_schema():
    run_ytr(YTR_SAMPLES)

    problems = schema_problems("ylioppilastutkinto")

    # The one school OID kept as given is a person's OID, which the pattern of an organisation OID rejects.
    assert [path for _oid, path, _message in problems] == ["oppilaitos.oid", "suoritukset[0].toimipiste.oid"]
