"""The synthetic population: deterministic by seed, synthetic identity codes, documents the API accepts."""

import pytest

from bench.generator import Population
from bench.templates import ALL_KINDS, HTTP_KINDS
from registry import identity_codes
from registry.models import StudyRight, VersionSource
from registry.oids import has_valid_check_digit
from registry.services.ingest import store_learner_document

pytestmark = pytest.mark.django_db

LEARNERS = 100


def summary(population, start=0, stop=LEARNERS):
    return [
        (learner.identity_code, learner.oid, learner.last_name,
         [(study_right.oid, study_right.template.name, study_right.template.institution_id)
          for study_right in learner.study_rights])
        for learner in population.learners(start, stop)
    ]


def test_same_seed_gives_same_population(templates):
    assert summary(Population(templates, seed=7)) == summary(Population(templates, seed=7))


def test_other_seed_gives_other_population(templates):
    assert summary(Population(templates, seed=7)) != summary(Population(templates, seed=8))


def test_learner_does_not_depend_on_range(templates):
    population = Population(templates, seed=7)

    assert summary(population, 40, 60) == summary(population)[40:60]


def test_identity_codes_are_synthetic_and_unique(templates):
    codes = [learner.identity_code for learner in Population(templates, seed=1).learners(0, LEARNERS)]

    assert len(set(codes)) == LEARNERS
    for code in codes:
        assert identity_codes.validate(code, allow_synthetic=True) == code
        assert 900 <= int(code[7:10]) <= 999
        with pytest.raises(identity_codes.InvalidIdentityCode):
            identity_codes.validate(code, allow_synthetic=False)


def test_oids_have_check_digits(templates):
    for learner in Population(templates, seed=1).learners(0, LEARNERS):
        assert has_valid_check_digit(learner.oid)
        for study_right in learner.study_rights:
            assert has_valid_check_digit(study_right.oid)


def test_population_uses_only_known_kinds(templates):
    kinds = {study_right.template.kind
             for learner in Population(templates, seed=1).learners(0, LEARNERS) for study_right in learner.study_rights}

    assert kinds <= set(ALL_KINDS)
    assert len(kinds) > 1


def test_http_population_sends_provider_kinds_only(templates):
    population = Population.for_http(templates, seed=1)

    for learner in population.learners(0, LEARNERS):
        assert len(learner.study_rights) == 1
        assert learner.study_rights[0].template.kind in HTTP_KINDS


def test_http_documents_are_stored_by_ingest(templates, admin_user, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = True
    population = Population.for_http(templates, seed=3)

    for learner in population.learners(0, 10):
        store_learner_document(population.learner_document(learner), user=admin_user, source=VersionSource.API)

    assert StudyRight.objects.count() == 10
    assert StudyRight.objects.filter(source_id__startswith="bench-3-").count() == 10
