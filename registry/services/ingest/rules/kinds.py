"""Kinds of study rights and achievements that the rules treat differently, by their code values.

Study-right types are values of code set `opiskeluoikeudentyyppi`, achievement types values of
`suorituksentyyppi`. The groupings follow the national service's data model (its schema classes).
"""

VOCATIONAL = "ammatillinenkoulutus"
GENERAL_UPPER_SECONDARY = "lukiokoulutus"
PREPARATORY_UPPER_SECONDARY = "luva"
BASIC_EDUCATION = "perusopetus"
ADULT_BASIC_EDUCATION = "aikuistenperusopetus"
MATRICULATION_EXAMINATION = "ylioppilastutkinto"

# Vocational qualifications, whole or partial, that name a qualification description.
QUALIFICATION = "ammatillinentutkinto"
PARTIAL_QUALIFICATION = "ammatillinentutkintoosittainen"
QUALIFICATIONS = frozenset({QUALIFICATION, PARTIAL_QUALIFICATION})
# Training preparing for a competence-based qualification; it names the qualification in `tutkinto`.
DEMONSTRATION_PREPARATION = "nayttotutkintoonvalmistavakoulutus"
PREPARATORY_VOCATIONAL_TRAINING = "valma"
OTHER_VOCATIONAL_TRAINING = "muuammatillinenkoulutus"
SMALLER_THAN_UNIT_TRAINING = "tutkinnonosaapienemmistäkokonaisuuksistakoostuvasuoritus"
# Module code of a partial qualification whose units come from several qualifications.
UNITS_FROM_SEVERAL_QUALIFICATIONS = "ammatillinentutkintoosittainenuseastatutkinnosta"

# Completion methods (ammatillisentutkinnonsuoritustapa) of vocational qualifications.
COMPETENCE_BASED = "naytto"
REFORM = "reformi"
CURRICULUM_BASED = "ops"

VOCATIONAL_UNIT = "ammatillisentutkinnonosa"
NATIONAL_UNIT_CODE_SET = "tutkinnonosat"
# Units that only group smaller studies: continuing-studies readiness and higher education studies.
GROUPING_UNIT_CODE_SET = "tutkinnonosatvalinnanmahdollisuus"
# Unit groups (ammatillisentutkinnonosanryhma) of free-choice units and units that extend the
# qualification individually; the description does not list their units.
FREE_CHOICE_UNIT_GROUPS = frozenset({"3", "4"})

# General upper secondary subject studies under the 2019 curriculum: a grouping that is never verified.
SUBJECT_STUDIES_2019 = "lukionaineopinnot"
GENERAL_UPPER_SECONDARY_SYLLABUS = "lukionoppimaara"
ADULT_BASIC_EDUCATION_INITIAL_STAGE = "aikuistenperusopetuksenoppimaaranalkuvaihe"
BASIC_EDUCATION_SYLLABUS = "perusopetuksenoppimaara"
BASIC_EDUCATION_GRADE = "perusopetuksenvuosiluokka"

# Top-level achievements for one subject's syllabus; they carry an assessment of their own.
SUBJECT_SYLLABI = frozenset({
    "lukionoppiaineenoppimaara",
    "nuortenperusopetuksenoppiaineenoppimaara",
    "perusopetuksenoppiaineenoppimaara",
})
# Module code of a subject syllabus whose subject is not known ("ei tiedossa").
UNKNOWN_SUBJECT = "XX"

# Top-level achievements whose completion does not depend on their parts' assessments: in a
# matriculation examination parts may stay unfinished, and liberal adult education (vapaa
# sivistystyö) has rules of its own for its parts.
PARTS_NOT_CHECKED_WHEN_COMPLETED = frozenset({
    MATRICULATION_EXAMINATION,
    "vstoppivelvollisillesuunnattukoulutus",
    "vstmaahanmuuttajienkotoutumiskoulutus",
    "vstlukutaitokoulutus",
    "vstvapaatavoitteinenkoulutus",
    "vstjotpakoulutus",
})
# Top-level achievements of Åland basic education, whose curriculum is not published in
# ePerusteet, so their diary numbers are not checked.
WITHOUT_PUBLISHED_DESCRIPTION = frozenset({
    "ahvenanmaanperusopetuksenvuosiluokka",
    "ahvenanmaanperusopetuksenoppimaara",
})

# Parts that are not assessed on their own, so a completed achievement does not need their assessment.
PARTS_WITHOUT_ASSESSMENT = frozenset({
    "nayttotutkintoonvalmistavankoulutuksenosa",
    "lukionmuuopinto",
    "aikuistenperusopetuksenalkuvaiheenoppiaine",
    "diaoppiaine",
    "ebtutkinnonosasuoritus",
    "europeanschoolofhelsinkiosasuorituss7",
    "muunkuinsaannellynkoulutuksenosasuoritus",
    "vstmaahanmuuttajienkotoutumiskoulutuksentyoelamajayhteiskuntataitojensuoritus",
    "vstmaahanmuuttajienkotoutumiskoulutuksenohjauksensuoritus",
    "vstmaahanmuuttajienkotoutumiskoulutuksenvalinnaistenopintojenosasuoritus",
    "vstosaamiskokonaisuus",
    "vstvalinnainensuuntautuminen",
})


def needs_own_assessment(part):
    """Return whether a part is complete only with an assessment of its own.

    Parts of the types in PARTS_WITHOUT_ASSESSMENT and units that only group smaller studies are
    never assessed themselves.
    """
    return part.type not in PARTS_WITHOUT_ASSESSMENT and part.module_code_set != GROUPING_UNIT_CODE_SET


def is_competence_based_qualification(achievement):
    return achievement.type in QUALIFICATIONS and achievement.completion_method == COMPETENCE_BASED
