"""The COPY loader writes the rows the ingest writes for the same documents."""

import pytest

from bench.generator import Population
from bench.loader import load
from registry import identity_codes
from registry.models import Achievement, Learner, StudyRight, StudyRightVersion
from registry.services.history import rebuild_document
from registry.transfer_format.achievements import derive_achievements

pytestmark = pytest.mark.django_db

LEARNERS = 100


@pytest.fixture
def population(templates):
    return Population(templates, seed=5)


def test_loader_writes_every_learner_and_study_right(population):
    report = load(population, 0, LEARNERS, chunk_size=40)

    expected = sum(len(learner.study_rights) for learner in population.learners(0, LEARNERS))
    assert report.learners == Learner.objects.count() == LEARNERS
    assert report.study_rights == StudyRight.objects.count() == expected
    assert report.versions == StudyRightVersion.objects.count() == expected
    assert report.achievements == Achievement.objects.count()


def test_loaded_learner_is_found_by_identity_code(population):
    load(population, 0, LEARNERS)
    learner = population.learner(17)

    stored = Learner.objects.get(identity_code_hash=identity_codes.lookup_hash(learner.identity_code))

    assert stored.oid == learner.oid
    assert identity_codes.decrypt(stored.identity_code_ciphertext) == learner.identity_code
    assert stored.birth_date == identity_codes.birth_date(learner.identity_code)


def test_loaded_achievements_match_document(population):
    load(population, 0, LEARNERS)

    for study_right in StudyRight.objects.all()[:20]:
        rows = list(Achievement.objects.filter(study_right=study_right).order_by("sequence"))
        derived = derive_achievements(study_right.document)
        assert [(row.position, row.depth, row.type, row.grade) for row in rows] == [
            (item.position, item.depth, item.type, item.grade) for item in derived
        ]
        parents = {row.position: row.pk for row in rows}
        assert [row.parent_id for row in rows] == [parents.get(item.parent_position) for item in derived]


def test_loaded_version_rebuilds_document(population):
    load(population, 0, 20)

    for study_right in StudyRight.objects.all():
        assert rebuild_document(study_right, 1) == study_right.document


def test_loaded_study_right_has_its_source_id(population):
    load(population, 0, 20)

    for learner in population.learners(0, 20):
        for synthetic in learner.study_rights:
            stored = StudyRight.objects.get(oid=synthetic.oid)
            assert stored.learner.oid == learner.oid
            assert stored.source_id == synthetic.column_source_id
            assert stored.document == synthetic.stored_document()
