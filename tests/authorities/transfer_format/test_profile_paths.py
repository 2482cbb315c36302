"""Every shipped data profile against every sample learner: the disclosed document contains exactly what the profile allows.

Nothing outside: every value in the document lies at or below one of the profile's paths, and no
value the national schema marks sensitive is there unless the profile names it. Everything
inside: every value of the learner's stored record that a profile path covers, that is not
sensitive (or that the profile names), and whose study right and top-level achievement pass the
profile's rules, is in the document with the same value.

The exhaustive test walks every (profile, sample) pair. The property-based test draws pairs and
a non-disclosure order with hypothesis, checking that masking never adds a value outside the
profile.
"""

import json
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authorities.models import DataSharingAgreement
from authorities.selectors.access import AgreementAccess
from authorities.selectors.disclosure import disclosed_learners
from authorities.transfer_format.paths import ITEM, PERSON, STUDY_RIGHTS
from authorities.transfer_format.profiles import PROFILES
from authorities.transfer_format.projection import project_learner
from registry import identity_codes
from registry.models import Learner, StudyRight
from registry.transfer_format.non_disclosure import ROOT_ORGANISATION_OID
from registry.transfer_format.sensitive import find_sensitive
from registry.transfer_format.writer import person_document, study_right_document
from tests import samples
from tests.authorities.disclosure import store_sample

LEARNER_PROFILES = sorted(code for code, profile in PROFILES.items() if not profile.aggregates_only)


@pytest.fixture(scope="module")
def sample_learners(django_db_setup, django_db_blocker):
    """Store every supported sample as a learner of its own, once for the module, rolled back at its end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            try:
                yield {name: store_sample(name).learner.pk for name in samples.supported_sample_names()}
            finally:
                transaction.set_rollback(True)


def access_for(profile_code, *, receives_non_disclosure_details=False):
    profile = PROFILES[profile_code]
    agreement = DataSharingAgreement(
        profile=profile_code, education_types=list(profile.education_types),
        receives_non_disclosure_details=receives_non_disclosure_details,
    )
    return AgreementAccess(agreement=agreement, client=None, profile=profile)


def leaves(value, path=()):
    """Yield (concrete path, value) of every scalar in a JSON value; list indexes are ints in the path."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaves(child, (*path, index))
    else:
        yield path, value


def normalised(path):
    return tuple(ITEM if isinstance(step, int) else step for step in path)


def sensitive_prefixes(study_right_document_value, study_right_type, profile):
    """Return the concrete paths (below one study right) of sensitive values the profile does not name."""
    prefixes = []
    for found in find_sensitive(study_right_document_value, study_right_type):
        path = tuple(int(step) if step.isdigit() else step for step in _split(found.path))
        if not profile.sensitive_tree.covers((STUDY_RIGHTS, ITEM, *normalised(path))):
            prefixes.append(path)
    return prefixes


def _split(text):
    steps = []
    for part in text.replace("[", ".").replace("]", "").split("."):
        if part and part != "$":
            steps.append(part)
    return steps


def source_values(profile, learner, *, rules):
    """Return a Counter of (normalised path, value) of the learner's stored record that the profile may disclose.

    Sensitive values the profile does not name are left out. With `rules`, so are study rights
    and top-level achievements that the profile's rules leave out, and values outside its paths:
    that is what the profile must disclose. Without, the Counter bounds what it may disclose.
    """
    values = Counter()
    study_rights = StudyRight.objects.filter(learner=learner, invalidated=False, type__in=profile.education_types)
    kept_any = False
    for study_right in study_rights.order_by("created_at", "pk"):
        document = study_right_document(study_right, study_right.document)
        excluded = sensitive_prefixes(study_right.document, study_right.type, profile)
        if rules:
            achievements = [item for item in document.get("suoritukset") or [] if profile.keeps_achievement(item)]
            if profile.requires_achievement and not achievements:
                continue
            excluded += [
                ("suoritukset", index) for index, item in enumerate(document.get("suoritukset") or [])
                if item not in achievements
            ]
        kept_any = True
        for path, value in leaves(document):
            location = (STUDY_RIGHTS, ITEM, *normalised(path))
            if any(path[: len(prefix)] == prefix for prefix in excluded):
                continue
            if not rules or profile.tree.covers(location):
                values[(location, json.dumps(value))] += 1
    if not kept_any:
        return Counter()
    identity_code = identity_codes.decrypt(learner.identity_code_ciphertext) if profile.includes_identity_code else ""
    for path, value in leaves(person_document(learner, identity_code)):
        location = (PERSON, *normalised(path))
        if not rules or profile.tree.covers(location):
            values[(location, json.dumps(value))] += 1
    return values


def expected_values(profile, learner):
    return source_values(profile, learner, rules=True)


def disclosed_document(access, learner):
    disclosed = disclosed_learners(access, [learner])
    return disclosed[0].document if disclosed else None


# What masking for a non-disclosure order puts in place of organisations and places.
PLACEHOLDERS = {json.dumps(value) for value in (ROOT_ORGANISATION_OID, "Oppilaitos", "Koulutustoimija", "999", "–", "kunta")}


def assert_nothing_outside(profile, learner, document, label, *, masked=False):
    """Assert that every value lies under a profile path and is a value of the stored record that the profile may see.

    The second check catches sensitive values. It reads them from the stored record, because a
    projected document has lost the fields that tell its schema classes apart. A masked document may
    also hold the placeholders of masking, and then no organisation OID but the root's.
    """
    returned = Counter()
    for path, value in leaves(document):
        assert profile.tree.covers(normalised(path)), f"{label}: {path} is outside the profile"
        returned[(normalised(path), json.dumps(value))] += 1
        if masked and isinstance(value, str) and value.startswith("1.2.246.562.10."):
            assert value == ROOT_ORGANISATION_OID, f"{label}: {path} shows organisation {value} despite the order"
    extra = returned - source_values(profile, learner, rules=False)
    if masked:
        extra = Counter({key: count for key, count in extra.items() if key[1] not in PLACEHOLDERS})
    assert not extra, f"{label}: values that are not in the record, or are sensitive: {sorted(extra)[:5]}"


def assert_everything_inside(expected, document, label):
    returned = Counter((normalised(path), json.dumps(value)) for path, value in leaves(document or {}))
    missing = expected - returned
    assert not missing, f"{label}: values the profile allows are missing: {sorted(missing)[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize("profile_code", LEARNER_PROFILES)
def test_profile_discloses_exactly_its_paths_for_every_sample(sample_learners, profile_code):
    profile = PROFILES[profile_code]
    access = access_for(profile_code)
    disclosed_any = 0

    for name, learner_pk in sample_learners.items():
        learner = Learner.objects.get(pk=learner_pk)
        label = f"{profile_code} / {name}"
        document = disclosed_document(access, learner)
        expected = expected_values(profile, learner)

        if document is None:
            assert not expected, f"{label}: nothing was disclosed, but the profile allows {sorted(expected)[:3]}"
            continue
        disclosed_any += 1
        assert_nothing_outside(profile, learner, document, label)
        assert_everything_inside(expected, document, label)

    if profile_code != "valvira":
        assert disclosed_any, f"{profile_code}: no sample learner has anything the profile discloses"


@pytest.mark.django_db
@pytest.mark.parametrize(("qualification", "disclosed"), [("371101", True), ("361902", False)])
def test_valvira_discloses_only_health_and_social_care_qualifications(sample_learners, qualification, disclosed):
    """No sample contains a qualification that Valvira registers, so one sample's qualification code is changed in memory."""
    profile = PROFILES["valvira"]
    learner = Learner.objects.get(pk=sample_learners["ammatillinen-perustutkinto.json"])
    study_right = StudyRight.objects.get(learner=learner)
    document = json.loads(json.dumps(study_right.document))
    document["suoritukset"][0]["koulutusmoduuli"]["tunniste"]["koodiarvo"] = qualification
    study_right.document = document

    projected = project_learner(profile, learner, [study_right], identity_code="")

    if not disclosed:
        assert projected is None
        return
    for path, _value in leaves(projected):
        assert profile.tree.covers(normalised(path)), f"{path} is outside the profile"
    achievement = projected["opiskeluoikeudet"][0]["suoritukset"][0]
    assert achievement["koulutusmoduuli"]["tunniste"]["koodiarvo"] == qualification
    assert "osasuoritukset" not in achievement


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_masked_documents_stay_inside_profile(sample_learners, data):
    name = data.draw(st.sampled_from(sorted(sample_learners)), label="sample")
    profile_code = data.draw(st.sampled_from(LEARNER_PROFILES), label="profile")
    non_disclosure = data.draw(st.booleans(), label="non-disclosure order")
    entitled = data.draw(st.booleans(), label="entitled to masked details")
    learner = Learner.objects.get(pk=sample_learners[name])
    learner.non_disclosure = non_disclosure

    access = access_for(profile_code, receives_non_disclosure_details=entitled)
    document = disclosed_document(access, learner)

    if document is not None:
        masked = non_disclosure and not entitled
        assert_nothing_outside(PROFILES[profile_code], learner, document, f"{profile_code} / {name}", masked=masked)
        if not masked:
            assert_everything_inside(expected_values(PROFILES[profile_code], learner), document, f"{profile_code} / {name}")
