"""The project's own demo learners use only what its reference fixture contains, and store with it alone."""

import json

from registry.models import Achievement, Code, Learner, Organisation, StudyRight, StudyRightVersion, VersionSource
from registry.services.demo import sources

OWN_LEARNERS = sorted(sources.OWN_LEARNERS.glob("*.json"))
REFERENCE = sources.OWN_REFERENCE


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def nodes(value):
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def used_codes():
    return {
        (node["koodistoUri"], node["koodiarvo"])
        for path in OWN_LEARNERS
        for node in nodes(read(path)["opiskeluoikeudet"])
        if "koodiarvo" in node and "koodistoUri" in node
    }


def used_organisations():
    return {
        node["oid"]
        for path in OWN_LEARNERS
        for node in nodes(read(path)["opiskeluoikeudet"])
        if str(node.get("oid", "")).startswith("1.2.246.562.10.")
    }


def used_diary_numbers():
    return {
        node["perusteenDiaarinumero"]
        for path in OWN_LEARNERS
        for node in nodes(read(path)["opiskeluoikeudet"])
        if "perusteenDiaarinumero" in node
    }


def fixture_codes():
    codes = set()
    for path in (REFERENCE / "koodisto" / "koodit").glob("*.json"):
        codes.update((path.stem, entry["koodiArvo"]) for entry in read(path))
    return codes


def fixture_organisations():
    """Return {OID: parent OID} of the fixture's hierarchy; the file's root is the parent of its top nodes."""
    parents = {}
    for path in (REFERENCE / "organisaatio" / "hierarkia").glob("*.json"):
        stack = [(node, path.stem) for node in read(path)["organisaatiot"]]
        while stack:
            node, parent = stack.pop()
            parents[node["oid"]] = parent
            stack.extend((child, node["oid"]) for child in node.get("children") or [])
    return parents


def fixture_diary_numbers():
    return {read(path)["diaarinumero"] for path in (REFERENCE / "eperusteet").glob("*.json")}


def test_own_learners_are_found():
    assert len(OWN_LEARNERS) >= 4


def test_own_learners_use_only_fixture_codes():
    missing = used_codes() - fixture_codes()

    assert not missing, f"codes missing from the fixture: {sorted(missing)}"


def test_fixture_has_no_unused_codes():
    unused = fixture_codes() - used_codes()

    assert not unused, f"codes in the fixture that no demo learner uses: {sorted(unused)}"


def test_fixture_code_sets_are_described():
    described = {path.stem for path in (REFERENCE / "koodisto" / "koodistot").glob("*.json")}

    assert described == {uri for uri, _value in fixture_codes()}


def test_own_learners_use_only_fixture_organisations():
    missing = used_organisations() - fixture_organisations().keys()

    assert not missing, f"organisations missing from the fixture: {sorted(missing)}"


def test_fixture_has_no_unused_organisations():
    parents = fixture_organisations()
    needed = set()
    for oid in used_organisations():
        while oid in parents:
            needed.add(oid)
            oid = parents[oid]

    assert set(parents) == needed


def test_own_learners_diary_numbers_have_descriptions():
    assert used_diary_numbers() == fixture_diary_numbers()


def test_own_learners_store_with_fixture_alone(load_own_demo_data):
    output = load_own_demo_data()

    assert f"{len(OWN_LEARNERS)} added" in output
    assert Code.objects.count() == len(fixture_codes())
    assert Organisation.objects.count() == len(fixture_organisations()) + 1
    assert Learner.objects.count() == len(OWN_LEARNERS)
    assert StudyRight.objects.count() == sum(len(read(path)["opiskeluoikeudet"]) for path in OWN_LEARNERS)
    assert set(StudyRightVersion.objects.values_list("source", flat=True)) == {VersionSource.DEMO}


def test_own_vocational_learner_has_graded_units(load_own_demo_data):
    load_own_demo_data()

    study_right = StudyRight.objects.get(type="ammatillinenkoulutus", state="valmistunut")
    qualification = Achievement.objects.get(study_right=study_right, depth=0)
    units = Achievement.objects.filter(study_right=study_right, depth=1)
    assert qualification.verification_date is not None
    assert qualification.diary_number == "OPH-5410-2021"
    assert units.count() == 12
    assert not units.filter(grade="").exists()
    assert sum(unit.scope for unit in units) == 180


def test_second_own_load_adds_nothing(load_own_demo_data):
    load_own_demo_data()
    versions = StudyRightVersion.objects.count()

    output = load_own_demo_data()

    assert "Nothing added: the demo data was already loaded." in output
    assert Learner.objects.count() == len(OWN_LEARNERS)
    assert StudyRightVersion.objects.count() == versions


def test_own_reference_never_takes_samples():
    assert sources.default_samples_directory(sources.OWN_REFERENCE) is None
