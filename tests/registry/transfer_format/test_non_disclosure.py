import json

from registry.transfer_format.non_disclosure import masked_for_non_disclosure
from tests import samples

INSTITUTION_OID = "1.2.246.562.10.52251087186"
UNIT_OID = "1.2.246.562.10.42456023292"


def test_masking_hides_institution_units_and_places():
    study_right = samples.load("ammatillinen-perustutkinto.json")["opiskeluoikeudet"][0]
    study_right["koulutustoimija"] = {"oid": "1.2.246.562.10.346830761110"}

    masked = masked_for_non_disclosure(study_right)

    text = json.dumps(masked, ensure_ascii=False)
    assert UNIT_OID not in text
    assert masked["oppilaitos"]["nimi"] == {"fi": "Oppilaitos"}
    assert masked["koulutustoimija"]["nimi"] == {"fi": "Koulutustoimija"}
    assert masked["suoritukset"][0]["vahvistus"]["paikkakunta"]["koodiarvo"] == "999"
    assert "Helsinki" not in text
    assert "Stadin" not in text
    assert INSTITUTION_OID not in text
    assert masked["suoritukset"][0]["koulutusmoduuli"] == study_right["suoritukset"][0]["koulutusmoduuli"]


def test_masking_leaves_the_original_alone():
    study_right = samples.load("ammatillinen-perustutkinto.json")["opiskeluoikeudet"][0]
    before = json.dumps(study_right, sort_keys=True)

    masked_for_non_disclosure(study_right)

    assert json.dumps(study_right, sort_keys=True) == before
