"""Learner documents for tests, built from a real sample so they follow the national format."""

import copy

from tests import samples
from tests.factories import synthetic_identity_code

STADI = "1.2.246.562.10.52251087186"
STADI_UNIT = "1.2.246.562.10.42456023292"
HELSINKI = "1.2.246.562.10.346830761110"
APPRENTICESHIP_CENTRE = "1.2.246.562.10.88592529245"
JYVASKYLA_TRAINING_SCHOOL = "1.2.246.562.10.14613773812"
MATRICULATION_BOARD = "1.2.246.562.10.43628088406"


def vocational(*, identity_code=None, source_id="tor-test-1", institution=STADI):
    """Return a one-study-right vocational document of a new learner, with a source id unless None."""
    document = copy.deepcopy(samples.load("tiedonsiirto-onnistunut.json"))
    document["henkilö"] = {
        "hetu": identity_code or synthetic_identity_code(),
        "etunimet": "Veera Vilja",
        "kutsumanimi": "Veera",
        "sukunimi": "Virtanen",
    }
    study_right = document["opiskeluoikeudet"][0]
    study_right["oppilaitos"] = {"oid": institution}
    if source_id is None:
        del study_right["lähdejärjestelmänId"]
    else:
        study_right["lähdejärjestelmänId"]["id"] = source_id
    return document


def study_right(document, index=0):
    return document["opiskeluoikeudet"][index]
