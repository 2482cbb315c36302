"""Projection of a study right document for citizens and share-link viewers, in the national format's terms.

The national service hides some basic-education data from the learner and from share-link
viewers (`KoskiOppijaFacade.piilotetuillaOpiskeluoikeustiedoilla` in the public
`Opetushallitus/koski` repository), and the register does the same:

- grades of a basic-education top-level achievement that is not verified, or was verified less
  than five days ago, are hidden: its parts' assessments, a grade year's behaviour assessment, and
  a subject syllabus's own assessment;
- an unfinished basic-education syllabus (`perusopetuksenoppimaara`) is left out, or, when it is
  the study right's only top-level achievement, shown without its parts.

This module also builds the share-link document: the learner's names and date of birth (never
the identity code or the learner OID) and the shared study rights.
"""

import datetime

from ..fast_json import copy_document
from .achievements import PARTS, TOP_LEVEL
from .reader import PERSON, STUDY_RIGHTS, code_value, parse_date

BASIC_EDUCATION_TYPES = frozenset({"perusopetus", "aikuistenperusopetus"})
# Days after its verification during which an achievement's grades stay hidden: the national
# service shows them only when the verification date plus four days is before today.
GRADE_EMBARGO_DAYS = 4
# Top-level achievement types whose parts' grades are hidden while the achievement is unfinished.
PART_GRADES_HIDDEN = frozenset({
    "perusopetuksenoppimaara",
    "perusopetuksenvuosiluokka",
    "aikuistenperusopetuksenoppimaara",
    "aikuistenperusopetuksenoppimaaranalkuvaihe",
    "perusopetuksenoppiaineenoppimaara",
})
# Top-level achievement types whose own grade is hidden while they are unfinished.
OWN_GRADE_HIDDEN = frozenset({"nuortenperusopetuksenoppiaineenoppimaara"})
BEHAVIOUR_ASSESSMENT = "käyttäytymisenArvio"
ASSESSMENT = "arviointi"
VERIFICATION = "vahvistus"
FINAL_SYLLABUS = "perusopetuksenoppimaara"

# Top-level achievement types that are qualifications (tutkinnot), as the national service's
# "completed qualifications" share lists them.
QUALIFICATION_TYPES = frozenset({
    "ammatillinentutkinto",
    "ammatillinentutkintoosittainen",
    "ylioppilastutkinto",
    "korkeakoulututkinto",
    "ebtutkinto",
    "diatutkintovaihe",
})


def verification_date(achievement):
    verification = achievement.get(VERIFICATION)
    return parse_date(verification.get("päivä")) if isinstance(verification, dict) else None


def is_finished(achievement, today):
    """Return whether a top-level achievement is verified long enough ago for its grades to be shown."""
    verified = verification_date(achievement)
    return verified is not None and verified + datetime.timedelta(days=GRADE_EMBARGO_DAYS) < today


def for_citizen(document, study_right_type, today):
    """Return the study right document as the learner and share-link viewers see it; the original is not changed.

    Documents of other types than basic education are returned as they are.
    """
    if study_right_type not in BASIC_EDUCATION_TYPES:
        return document
    document = copy_document(document)
    achievements = [item for item in document.get(TOP_LEVEL) or [] if isinstance(item, dict)]

    for achievement in achievements:
        if is_finished(achievement, today):
            continue
        achievement_type = code_value(achievement.get("tyyppi"))
        if achievement_type in PART_GRADES_HIDDEN:
            for part in achievement.get(PARTS) or []:
                if isinstance(part, dict):
                    part.pop(ASSESSMENT, None)
            achievement.pop(BEHAVIOUR_ASSESSMENT, None)
        if achievement_type in OWN_GRADE_HIDDEN:
            achievement.pop(ASSESSMENT, None)

    if study_right_type == "perusopetus":
        unfinished = [
            item for item in achievements
            if code_value(item.get("tyyppi")) == FINAL_SYLLABUS and verification_date(item) is None
        ]
        if unfinished and len(achievements) == 1:
            unfinished[0].pop(PARTS, None)
        elif unfinished:
            document[TOP_LEVEL] = [item for item in document.get(TOP_LEVEL) or [] if item not in unfinished]
    return document


def completed_qualification_positions(document, today):
    """Return the positions in `suoritukset` of the qualifications that are verified on or before `today`."""
    positions = []
    for index, achievement in enumerate(document.get(TOP_LEVEL) or []):
        if not isinstance(achievement, dict) or code_value(achievement.get("tyyppi")) not in QUALIFICATION_TYPES:
            continue
        verified = verification_date(achievement)
        if verified is not None and verified <= today:
            positions.append(index)
    return positions


def with_top_level_achievements(document, positions):
    """Return a copy of the document that keeps only the top-level achievements at `positions`, in document order."""
    kept = set(positions)
    result = dict(document)
    result[TOP_LEVEL] = [item for index, item in enumerate(document.get(TOP_LEVEL) or []) if index in kept]
    return result


def top_level_key(achievement):
    """Return (type code, module code) of a top-level achievement, which finds it again after its study right changes."""
    module = achievement.get("koulutusmoduuli") if isinstance(achievement, dict) else None
    return code_value(achievement.get("tyyppi")), code_value(module.get("tunniste") if isinstance(module, dict) else None)


def positions_of_keys(document, keys):
    """Return the positions in `suoritukset` of the top-level achievements whose (type, module) is in `keys`."""
    wanted = set(keys)
    return [
        index for index, achievement in enumerate(document.get(TOP_LEVEL) or [])
        if isinstance(achievement, dict) and top_level_key(achievement) in wanted
    ]


# Parts of a study right that a share link leaves out: additional information (funding, support,
# accommodation and the like), the provider system's own key and the organisation history.
UNSHARED_STUDY_RIGHT_FIELDS = ("lisätiedot", "lähdejärjestelmänId", "organisaatiohistoria", "versionumero", "aikaleima")


def shared_study_right_document(study_right_oid, document):
    """Return a study right as a share link's JSON shows it: its OID first, without the unshared fields."""
    shared = {"oid": study_right_oid}
    shared.update((key, value) for key, value in document.items() if key not in UNSHARED_STUDY_RIGHT_FIELDS)
    return shared


def shared_person_document(learner):
    """Return the learner as a share link shows them: names and date of birth only."""
    person = {
        "etunimet": learner.first_names,
        "kutsumanimi": learner.calling_name or learner.first_names.split(" ")[0],
        "sukunimi": learner.last_name,
    }
    if learner.birth_date:
        person["syntymäaika"] = learner.birth_date.isoformat()
    return person


def shared_record_document(learner, study_right_documents, expires_on):
    """Return the JSON of a share link: the learner, the shared study rights and the link's last day."""
    return {
        PERSON: shared_person_document(learner),
        STUDY_RIGHTS: study_right_documents,
        "jakolinkki": {"voimassaAsti": expires_on.isoformat()},
    }
