"""Study rights of two organisations for the admin tests.

Organisation A is Helsingin kaupunki (an education provider) with its institution Stadin ammatti-
ja aikuisopisto; organisation B is Jyväskylän normaalikoulu under Jyväskylän yliopisto. Both come
from the national reference data that the suite loads, and the study rights are real samples
stored through the ingest service.
"""

from registry.services.ingest import store_learner_document
from tests import samples

PROVIDER_A = "1.2.246.562.10.346830761110"
INSTITUTION_A = "1.2.246.562.10.52251087186"
INSTITUTION_B = "1.2.246.562.10.14613773812"
SAMPLE_A = "ammatillinen-reforminmukainenperustutkinto.json"
SAMPLE_B = "lukio-paattotodistus.json"


def store_sample(name, user, identity_code=None):
    """Store a sample for a new learner (or the learner of `identity_code`); return its first study right."""
    document = samples.with_own_learner(samples.load(name), identity_code)
    result = store_learner_document(document, user=user)
    return result.study_rights[0].study_right
