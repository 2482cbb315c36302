"""load_reference_data reads the national services' endpoints and reports added, changed and retired rows."""

import datetime
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from registry.models import Code, Organisation, QualificationDescription
from tests.conftest import REFERENCE
from tests.registry.imports.reference_server import ROOT_OID, ReferenceServer

pytestmark = pytest.mark.django_db

CODE_SETS = ["opintojenrahoitus", "koskiopiskeluoikeudentila"]
DESCRIPTION = "rakenne-esiopetus-2014.json"
CLOSED = "1.2.246.562.10.81017043621"  # Helsingin aikuislukio
RENAMED = "1.2.246.562.10.83119092639"  # Haagan peruskoulu


@pytest.fixture
def folder(tmp_path):
    """A copy of a few reference files in the services' layout, for a test to change."""
    root = tmp_path / "reference"
    for uri in CODE_SETS:
        for kind in ("koodistot", "koodit"):
            (root / "koodisto" / kind).mkdir(parents=True, exist_ok=True)
            shutil.copy(REFERENCE / "koodisto" / kind / f"{uri}.json", root / "koodisto" / kind / f"{uri}.json")
    (root / "organisaatio" / "hierarkia").mkdir(parents=True)
    shutil.copy(REFERENCE / "organisaatio" / "hierarkia" / f"{ROOT_OID}.json", root / "organisaatio" / "hierarkia")
    (root / "eperusteet").mkdir()
    shutil.copy(REFERENCE / "eperusteet" / DESCRIPTION, root / "eperusteet" / DESCRIPTION)
    return root


@pytest.fixture
def endpoints(settings, folder):
    server = ReferenceServer(folder)
    settings.TOR_KOODISTO_URL = server.url("koodisto")
    settings.TOR_ORGANISAATIO_URL = server.url("organisaatio")
    settings.TOR_EPERUSTEET_URL = server.url("eperusteet")
    yield server
    server.close()


def load(capsys):
    call_command("load_reference_data", "--from-endpoints", *[f"--code-set={uri}" for uri in CODE_SETS])
    return {line.split(":")[0]: line for line in capsys.readouterr().out.splitlines() if ":" in line and "..." not in line}


def edit(path, change):
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.get("children") or [])


def test_unchanged_services_change_nothing(endpoints, capsys):
    lines = load(capsys)

    assert "0 added, 0 changed" in lines["codes"]
    assert "0 retired" in lines["codes"]
    assert "0 added, 0 changed" in lines["organisations"]
    assert "0 retired" in lines["organisations"]
    assert "0 added, 0 changed" in lines["qualification descriptions"]


def test_added_changed_and_retired_codes_organisations_and_descriptions_are_reported(endpoints, folder, capsys):
    def codes(entries):
        removed = next(entry for entry in entries if entry["koodiArvo"] == "1")
        entries.remove(removed)
        entries[0]["metadata"][0]["nimi"] = "Uusi nimi"
        entries.append({**removed, "koodiArvo": "99", "koodiUri": "opintojenrahoitus_99"})

    def organisations(document):
        for node in walk(document["organisaatiot"]):
            if node["oid"] == CLOSED:
                node["status"] = "PASSIIVINEN"
            if node["oid"] == RENAMED:
                node["nimi"]["fi"] = "Haagan yhtenäiskoulu"

    def description(document):
        document["voimassaoloLoppuu"] = int(datetime.datetime(2020, 7, 31, 12).timestamp() * 1000)

    edit(folder / "koodisto" / "koodit" / "opintojenrahoitus.json", codes)
    edit(folder / "organisaatio" / "hierarkia" / f"{ROOT_OID}.json", organisations)
    edit(folder / "eperusteet" / DESCRIPTION, description)

    lines = load(capsys)

    assert "1 added, 1 changed" in lines["codes"]
    assert "1 retired" in lines["codes"]
    assert Code.objects.get(code_set_uri="opintojenrahoitus", value="1").retired
    assert Code.objects.filter(code_set_uri="opintojenrahoitus", value="99", retired=False).exists()
    assert "0 added, 2 changed" in lines["organisations"]
    assert "1 retired" in lines["organisations"]
    assert not Organisation.objects.get(oid=CLOSED).active
    assert Organisation.objects.get(oid=RENAMED).name["fi"] == "Haagan yhtenäiskoulu"
    assert "1 changed" in lines["qualification descriptions"]
    assert "1 retired" in lines["qualification descriptions"]
    assert QualificationDescription.objects.get(diary_number="102/011/2014").valid_to == datetime.date(2020, 7, 31)


def test_unreachable_service_stops_before_anything_is_loaded(settings, folder):
    settings.TOR_KOODISTO_URL = "http://127.0.0.1:9/koodisto"
    settings.TOR_ORGANISAATIO_URL = settings.TOR_EPERUSTEET_URL = ""
    before = Code.objects.filter(code_set_uri="opintojenrahoitus").count()

    with pytest.raises(CommandError, match="cannot reach"):
        call_command("load_reference_data", "--from-endpoints", "--code-set=opintojenrahoitus")

    assert Code.objects.filter(code_set_uri="opintojenrahoitus").count() == before


def test_folder_or_endpoints_must_be_chosen():
    with pytest.raises(CommandError):
        call_command("load_reference_data")
