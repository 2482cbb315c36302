"""Every sample of a supported type passes every rule of the validate step, and the rules do run on it."""

import importlib

import pytest

from registry.services.ingest.rules import dates, states, structure
from registry.transfer_format.model import read_study_right_model
from tests import samples
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

validate_module = importlib.import_module("registry.services.ingest.validate")


def prepared(name):
    document = samples.load(name)
    if samples.names_learner_by_oid_only(document):
        document["henkilö"] = {"oid": LearnerFactory().oid}
        return document
    return samples.with_own_learner(document)


@pytest.mark.parametrize("name", samples.supported_sample_names())
def test_sample_passes_every_rule(rejected_keys, name):
    assert rejected_keys(prepared(name)) == []


def test_rules_cover_the_families():
    rules = validate_module.RULES

    for family in (dates.RULES, states.RULES, structure.RULES):
        assert set(family) <= set(rules)


@pytest.mark.parametrize("name", samples.supported_sample_names())
def test_model_reads_every_achievement(name):
    """The read model contains each achievement and period of the document, at its own path."""
    document = samples.load(name)
    for index, study_right in enumerate(document["opiskeluoikeudet"]):
        model = read_study_right_model(study_right, f"opiskeluoikeudet[{index}]")

        assert len(model.periods) == len((study_right.get("tila") or {}).get("opiskeluoikeusjaksot") or [])
        assert sum(1 for _ in model.all_achievements()) == _count_achievements(study_right.get("suoritukset") or [])
        for achievement in model.all_achievements():
            assert achievement.path.startswith(f"opiskeluoikeudet[{index}].suoritukset[")


def _count_achievements(achievements):
    return sum(1 + _count_achievements(achievement.get("osasuoritukset") or []) for achievement in achievements)
