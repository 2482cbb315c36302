"""load_demo_data with the national samples: one learner per storable sample, through the ingest pipeline."""

from io import StringIO

import pytest
from django.core.management import call_command

from registry import identity_codes
from registry.models import Learner, StudyRight, StudyRightVersion, VersionSource
from tests import samples
from tests.conftest import REFERENCE

pytestmark = pytest.mark.django_db


def load_samples():
    output = StringIO()
    call_command("load_demo_data", "--reference", str(REFERENCE), "--samples", str(samples.KOSKI), stdout=output)
    return output.getvalue()


def test_samples_stored_one_learner_each():
    expected = samples.supported_sample_names()

    output = load_samples()

    assert f"{len(expected)} added" in output
    assert Learner.objects.count() == len(expected)
    assert StudyRight.objects.count() == sum(len(samples.load(name)["opiskeluoikeudet"]) for name in expected)
    assert set(StudyRightVersion.objects.values_list("source", flat=True)) == {VersionSource.DEMO}
    assert set(StudyRightVersion.objects.values_list("author_name", flat=True)) == {"demo-admin"}
    assert not StudyRight.objects.filter(parent_study_right_oid__gt="").exists()


def test_sample_learners_keep_names_with_synthetic_codes():
    load_samples()

    for learner in Learner.objects.all():
        code = identity_codes.decrypt(learner.identity_code_ciphertext)
        assert 900 <= int(code[7:10]) <= 999, f"{learner.oid} has the non-synthetic code {identity_codes.mask(code)}"
        assert learner.study_rights.count() >= 1, f"{learner.oid} has no study rights"

    named = [samples.load(name)["henkilö"] for name in samples.supported_sample_names()]
    sample_names = sorted((person["etunimet"], person["sukunimi"]) for person in named if "sukunimi" in person)
    stored_names = sorted(
        (learner.first_names, learner.last_name) for learner in Learner.objects.exclude(last_name="Oidinen")
    )
    assert stored_names == sample_names


def test_oid_only_samples_get_learner_first():
    oid_only = [
        name for name in samples.supported_sample_names() if samples.names_learner_by_oid_only(samples.load(name))
    ]

    load_samples()

    assert len(oid_only) == 2
    created = Learner.objects.filter(last_name="Oidinen")
    assert created.count() == len(oid_only)
    for learner in created:
        assert learner.identity_code_hash
        assert learner.study_rights.count() == 1


def test_second_sample_load_adds_nothing():
    load_samples()
    versions = StudyRightVersion.objects.count()
    learners = set(Learner.objects.values_list("oid", flat=True))

    output = load_samples()

    assert "Nothing added: the demo data was already loaded." in output
    assert f"{len(learners)} already loaded" in output
    assert set(Learner.objects.values_list("oid", flat=True)) == learners
    assert StudyRightVersion.objects.count() == versions
