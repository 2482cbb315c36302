"""Changes to a study right document that the register itself makes: invalidation, kept achievements, removal.

These follow the national service's rules for the same operations.
"""

import copy

INVALIDATED = "mitatoity"
STATE_CODE_SET = "koskiopiskeluoikeudentila"

# Top-level achievement types (suorituksentyyppi) that a later update may drop without the register
# keeping them: subject syllabi, pre-primary, European and international schools, basic education in
# the arts. Vocational study rights keep nothing either, and matriculation records are replaced whole.
NOT_KEPT_TYPES = frozenset({
    "lukionoppiaineenoppimaara",
    "lukionaineopinnot",
    "esiopetuksensuoritus",
    "nuortenperusopetuksenoppiaineenoppimaara",
    "perusopetuksenoppiaineenoppimaara",
    "ebtutkinto",
    "taiteenperusopetuksenyleisenoppimaaranyhteisetopinnot",
    "taiteenperusopetuksenyleisenoppimaaranteemaopinnot",
    "taiteenperusopetuksenlaajanoppimaaranperusopinnot",
    "taiteenperusopetuksenlaajanoppimaaransyventavatopinnot",
})
NOT_KEPT_TYPE_PREFIXES = ("europeanschoolofhelsinki", "ibtutkinto", "preiboppimaara", "diploma")
# General upper secondary syllabi under the 2019 curriculum, recognised by their description's diary number.
LOPS2019_DIARY_NUMBERS = frozenset({"OPH-2263-2019", "OPH-2267-2019"})
NO_KEPT_ACHIEVEMENTS_TYPES = frozenset({"ammatillinenkoulutus", "ylioppilastutkinto"})


def periods(document):
    return (document.get("tila") or {}).get("opiskeluoikeusjaksot") or []


def is_invalidation(document):
    """Return whether the document's last period is an invalidation (mitätöity)."""
    last = periods(document)[-1:] or [{}]
    return (last[0].get("tila") or {}).get("koodiarvo") == INVALIDATED


def invalidated(document, day, state_names=None):
    """Return a copy of the document with an invalidation period starting on `day` appended."""
    result = copy.deepcopy(document)
    state = {"koodiarvo": INVALIDATED, "koodistoUri": STATE_CODE_SET}
    if state_names:
        state["nimi"] = dict(state_names)
    result.setdefault("tila", {}).setdefault("opiskeluoikeusjaksot", []).append({"alku": day.isoformat(), "tila": state})
    return result


def _module_code(achievement):
    code = (achievement.get("koulutusmoduuli") or {}).get("tunniste") or {}
    return code.get("koodistoUri"), code.get("koodiarvo")


def _is_kept_kind(achievement):
    kind = (achievement.get("tyyppi") or {}).get("koodiarvo") or ""
    if kind in NOT_KEPT_TYPES or kind.startswith(NOT_KEPT_TYPE_PREFIXES):
        return False
    diary_number = (achievement.get("koulutusmoduuli") or {}).get("perusteenDiaarinumero")
    return not (kind == "lukionoppimaara" and diary_number in LOPS2019_DIARY_NUMBERS)


def with_kept_completed_achievements(stored, incoming, study_right_type):
    """Return `incoming` with the stored verified top-level achievements it leaves out put back first.

    Source systems often send only the achievements they still hold, so a verified qualification
    or syllabus must not vanish from the register because a later transfer omits it.
    """
    if study_right_type in NO_KEPT_ACHIEVEMENTS_TYPES:
        return incoming
    sent_modules = {_module_code(achievement) for achievement in incoming.get("suoritukset") or []}
    missing = [
        achievement
        for achievement in stored.get("suoritukset") or []
        if achievement.get("vahvistus") and _is_kept_kind(achievement) and _module_code(achievement) not in sent_modules
    ]
    if not missing:
        return incoming
    result = dict(incoming)
    result["suoritukset"] = [*copy.deepcopy(missing), *(incoming.get("suoritukset") or [])]
    return result


def top_level_achievements(document):
    return document.get("suoritukset") or []


def without_top_level_achievement(document, achievement):
    """Return (document without the matching top-level achievements, number removed).

    An achievement matches when its type and module code equal the given one's.
    """
    wanted = ((achievement.get("tyyppi") or {}).get("koodiarvo"), _module_code(achievement))
    kept = [
        candidate
        for candidate in top_level_achievements(document)
        if ((candidate.get("tyyppi") or {}).get("koodiarvo"), _module_code(candidate)) != wanted
    ]
    removed = len(top_level_achievements(document)) - len(kept)
    result = dict(document)
    result["suoritukset"] = kept
    return result, removed


def describe_achievement(achievement):
    """Return (type code, module code) of an achievement sent by a client, for messages."""
    if not isinstance(achievement, dict):
        return "", ""
    return (achievement.get("tyyppi") or {}).get("koodiarvo", ""), _module_code(achievement)[1] or ""


# Detachment from the source system (lähdejärjestelmäkytkennän purkaminen)

DETACHMENT_FIELD = "lähdejärjestelmäkytkentäPurettu"
SOURCE_ID_FIELD = "lähdejärjestelmänId"


def detachment(document):
    """Return the document's detachment record ({"purettu": …}), or None when it is still tied to its source system."""
    value = document.get(DETACHMENT_FIELD) if isinstance(document, dict) else None
    return value if isinstance(value, dict) else None


def is_detached(document):
    return detachment(document) is not None


def has_source_id(document):
    return isinstance(document.get(SOURCE_ID_FIELD), dict)


def detached(document, moment):
    """Return a copy of the document detached from its source system at `moment` (a naive local datetime).

    The source id stays, unlike in the national service, which removes it: the source system's
    later writes then still find this study right by its source id and are refused, instead of
    creating a second study right beside it.
    """
    result = copy.deepcopy(document)
    result[DETACHMENT_FIELD] = {"purettu": moment.isoformat(timespec="seconds")}
    return result


# Organisation history (organisaatiohistoria)

ORGANISATION_HISTORY_FIELD = "organisaatiohistoria"


def organisation_oids(document):
    """Return (institution OID, education provider OID) of a document; either may be None."""
    return (
        (document.get("oppilaitos") or {}).get("oid"),
        (document.get("koulutustoimija") or {}).get("oid"),
    )


def organisation_history(document):
    return list(document.get(ORGANISATION_HISTORY_FIELD) or [])


def with_organisation_history(stored, incoming, day):
    """Return `incoming` with the organisation history the register keeps, as the national service does.

    The history is the register's, whatever the document sends: the stored history, plus an
    entry dated `day` with the stored institution and education provider when the update changes
    either of them.
    """
    history = organisation_history(stored)
    if organisation_oids(stored) != organisation_oids(incoming):
        entry = {"muutospäivä": day.isoformat()}
        for key in ("oppilaitos", "koulutustoimija"):
            if isinstance(stored.get(key), dict):
                entry[key] = copy.deepcopy(stored[key])
        history.append(entry)
    result = {key: value for key, value in incoming.items() if key != ORGANISATION_HISTORY_FIELD}
    if history:
        result[ORGANISATION_HISTORY_FIELD] = history
    return result


def without_organisation_history(document):
    """Return the document without an organisation history: a new study right starts without one."""
    return {key: value for key, value in document.items() if key != ORGANISATION_HISTORY_FIELD}
