"""Masking of a study right for a learner with a non-disclosure order (turvakielto).

The institution, the education provider, the units, the verifying organisations and the places of
verification could reveal where the learner lives or studies, so recipients without the right to
see them get neutral placeholders instead: the agency's root organisation named only
"Oppilaitos" (institution) or "Koulutustoimija" (education provider), and the municipality code
999, as the national service does. Every organisation reference and every place (`paikkakunta`)
in the document is masked, and the organisation history is left out.
"""

from .references import is_code_reference, is_organisation_reference

ROOT_ORGANISATION_OID = "1.2.246.562.10.00000000001"
HIDDEN_INSTITUTION = {"oid": ROOT_ORGANISATION_OID, "nimi": {"fi": "Oppilaitos"}}
HIDDEN_PROVIDER = {"oid": ROOT_ORGANISATION_OID, "nimi": {"fi": "Koulutustoimija"}}
HIDDEN_PLACE = {"koodiarvo": "999", "nimi": {"fi": "–"}, "koodistoUri": "kunta"}
PLACE_KEYS = frozenset({"paikkakunta", "kotipaikka"})


def masked_for_non_disclosure(study_right):
    """Return a masked copy of a study right document; the original is not changed."""
    result = _masked(study_right, None)
    result.pop("organisaatiohistoria", None)
    return result


def _masked(node, key):
    if isinstance(node, list):
        return [_masked(value, key) for value in node]
    if not isinstance(node, dict):
        return node
    if is_organisation_reference(node):
        return dict(HIDDEN_PROVIDER if key == "koulutustoimija" else HIDDEN_INSTITUTION)
    if key in PLACE_KEYS and is_code_reference(node):
        return dict(HIDDEN_PLACE)
    return {child_key: _masked(value, child_key) for child_key, value in node.items()}
