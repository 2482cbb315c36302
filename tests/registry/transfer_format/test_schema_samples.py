"""Every national sample of a supported type passes the structure check with no problem."""

import time

import pytest

from registry.transfer_format.schema.model import schema
from registry.transfer_format.schema.validator import validate_study_right
from registry.transfer_format.structure import SUPPORTED_TYPES, check_learner_document
from tests import samples


def no_code_lookup(pairs):
    raise AssertionError(f"a valid sample needs no code lookup, asked for {sorted(pairs)}")


@pytest.mark.parametrize("name", [*samples.supported_sample_names(), samples.LINKED_TO_UNKNOWN])
def test_sample_has_no_structural_problem(name):
    document = samples.load(name)

    problems = check_learner_document(document, existing_codes=no_code_lookup)

    assert [error.message() for error in problems] == []


@pytest.mark.parametrize("name", samples.unsupported_sample_names())
def test_sample_of_other_type_fits_its_schema_class(name):
    """The schema covers the types the register does not accept yet, so their samples check clean too."""
    document = samples.load(name)

    for index, study_right in enumerate(document["opiskeluoikeudet"]):
        study_right_type = study_right["tyyppi"]["koodiarvo"]
        problems = validate_study_right(study_right, study_right_type, f"opiskeluoikeudet[{index}]")

        assert [error.message() for error in problems] == []


def test_every_supported_type_has_a_schema_class():
    classes = {study_right_type: schema().study_right_class(study_right_type).name for study_right_type in SUPPORTED_TYPES}

    assert classes == {
        "ammatillinenkoulutus": "AmmatillinenOpiskeluoikeus",
        "lukiokoulutus": "LukionOpiskeluoikeus",
        "luva": "LukioonValmistavanKoulutuksenOpiskeluoikeus",
        "ylioppilastutkinto": "YlioppilastutkinnonOpiskeluoikeus",
        "perusopetus": "PerusopetuksenOpiskeluoikeus",
        "aikuistenperusopetus": "AikuistenPerusopetuksenOpiskeluoikeus",
        "perusopetuksenlisaopetus": "PerusopetuksenLisäopetuksenOpiskeluoikeus",
        "perusopetukseenvalmistavaopetus": "PerusopetukseenValmistavanOpetuksenOpiskeluoikeus",
        "esiopetus": "EsiopetuksenOpiskeluoikeus",
    }


def test_largest_supported_sample_checks_quickly():
    """A loose bound that catches an accidental slowdown by an order of magnitude, not a benchmark."""
    name = max(samples.supported_sample_names(), key=lambda sample: len((samples.KOSKI / sample).read_bytes()))
    document = samples.load(name)
    check_learner_document(document, existing_codes=no_code_lookup)

    started = time.perf_counter()
    for _ in range(10):
        check_learner_document(document, existing_codes=no_code_lookup)
    elapsed = (time.perf_counter() - started) / 10

    assert elapsed < 0.05, f"{name} took {elapsed * 1000:.1f} ms"
