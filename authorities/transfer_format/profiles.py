"""The data profiles of data-sharing agreements: which parts of a learner's record each authority may receive.

A profile is a projection of the national transfer format. `paths` name the parts of the learner
document `{"henkilö": …, "opiskeluoikeudet": […]}` that it keeps (syntax in `paths`), and
everything else is left out. Sensitive fields of the national schema (`@SensitiveData`: special
support, disability, accommodation and the like) are left out even under a kept path, unless
`sensitive_paths` names them one by one. Rules on top-level achievements (`verified_only`,
`achievement_types`, `qualification_codes`) keep only the achievements the authority's task
needs, and `requires_achievement` leaves out study rights that keep none.

docs/disclosure.md documents each profile: what it keeps and why.
`tests/authorities/transfer_format/test_profile_paths.py` checks every profile against every
sample learner.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from registry.transfer_format.structure import READ_ONLY_TYPES, SUPPORTED_TYPES

from .paths import PathTree, steps

# Every study-right type the register holds: those providers write and those imported from VIRTA.
DISCLOSABLE_TYPES = (*SUPPORTED_TYPES, *READ_ONLY_TYPES)

# The kinds of data a profile contains, as the learner's disclosure log names them.
DATA_KINDS = {
    "identity": _("personal identity code and names"),
    "study_rights": _("study rights and institutions"),
    "periods": _("study right periods and states"),
    "funding": _("funding of studies"),
    "qualifications": _("completed qualifications"),
    "achievements": _("achievements and their scope"),
    "assessments": _("assessments and grades"),
    "special_support": _("special support decisions"),
    "aggregates": _("aggregate statistics without personal data"),
}

# Groups of paths that several profiles keep.
STUDY_RIGHT_IDENTITY = (
    "opiskeluoikeudet[].oid",
    "opiskeluoikeudet[].versionumero",
    "opiskeluoikeudet[].aikaleima",
    "opiskeluoikeudet[].tyyppi",
    "opiskeluoikeudet[].alkamispäivä",
    "opiskeluoikeudet[].päättymispäivä",
)
INSTITUTION = (
    "opiskeluoikeudet[].oppilaitos",
    "opiskeluoikeudet[].koulutustoimija",
)
PERIODS = (
    "opiskeluoikeudet[].tila.opiskeluoikeusjaksot[].alku",
    "opiskeluoikeudet[].tila.opiskeluoikeusjaksot[].tila",
)
FUNDING = ("opiskeluoikeudet[].tila.opiskeluoikeusjaksot[].opintojenRahoitus",)
QUALIFICATION = (
    "opiskeluoikeudet[].suoritukset[].tyyppi",
    "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.tunniste",
    "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.koulutustyyppi",
    "opiskeluoikeudet[].suoritukset[].vahvistus.päivä",
)
# Special-support decisions of basic and pre-primary education, which education statistics count.
SPECIAL_SUPPORT = (
    "opiskeluoikeudet[].lisätiedot.erityisenTuenPäätös",
    "opiskeluoikeudet[].lisätiedot.erityisenTuenPäätökset",
    "opiskeluoikeudet[].lisätiedot.tehostetunTuenPäätös",
    "opiskeluoikeudet[].lisätiedot.tehostetunTuenPäätökset",
    "opiskeluoikeudet[].lisätiedot.tuenPäätöksenJaksot",
    "opiskeluoikeudet[].lisätiedot.pidennettyOppivelvollisuus",
)

# Qualifications whose holders Valvira registers as health and social care professionals, the
# codes (code set `koulutus`) of the national service's Valvira interface: the vocational
# qualification in social and health care (371101), the further vocational qualification in
# child care (374111) and the vocational qualification in dental technology (371171).
VALVIRA_QUALIFICATIONS = ("371101", "374111", "371171")
QUALIFICATION_ACHIEVEMENTS = ("ammatillinentutkinto", "korkeakoulututkinto")
GENERAL_AND_VOCATIONAL = (
    "ammatillinenkoulutus", "lukiokoulutus", "luva", "ylioppilastutkinto", "perusopetus", "aikuistenperusopetus",
    "perusopetuksenlisaopetus", "perusopetukseenvalmistavaopetus",
)


@dataclass(frozen=True)
class Profile:
    """A data profile: the paths of the learner document it keeps and the rules on what it leaves out."""

    code: str
    name: str
    description: str
    education_types: tuple
    data_kinds: tuple
    paths: tuple = ()
    sensitive_paths: tuple = ()
    aggregates_only: bool = False
    # Keep only top-level achievements that have a verification (vahvistus): completed ones.
    verified_only: bool = False
    # Keep only top-level achievements of these types (code set suorituksentyyppi); None keeps every type.
    achievement_types: tuple | None = None
    # Keep only top-level achievements with these module codes (code set koulutus); None keeps every code.
    qualification_codes: tuple | None = None
    # Leave out a study right that has no top-level achievement left after the rules above.
    requires_achievement: bool = False

    def __post_init__(self):
        tree = PathTree(self.paths)
        object.__setattr__(self, "tree", tree)
        object.__setattr__(self, "sensitive_tree", PathTree(self.sensitive_paths))
        for path in self.sensitive_paths:
            if not tree.covers(steps(path)):
                raise ValueError(f"Profile {self.code}: sensitive path {path} is outside the profile's paths.")
        if self.aggregates_only and self.paths:
            raise ValueError(f"Profile {self.code} gives aggregates only, so it keeps no paths.")

    @property
    def includes_identity_code(self):
        return self.tree.covers(steps("henkilö.hetu"))

    def keeps_achievement(self, achievement):
        """Return whether a top-level achievement (a dict of the transfer format) passes the profile's rules."""
        if self.verified_only and not achievement.get("vahvistus"):
            return False
        if self.achievement_types is not None and _code(achievement.get("tyyppi")) not in self.achievement_types:
            return False
        module = achievement.get("koulutusmoduuli") or {}
        if self.qualification_codes is not None and _code(module.get("tunniste")) not in self.qualification_codes:
            return False
        return True

    @property
    def filters_achievements(self):
        return self.verified_only or self.achievement_types is not None or self.qualification_codes is not None


def _code(reference):
    return reference.get("koodiarvo") if isinstance(reference, dict) else None


PROFILES = {profile.code: profile for profile in (
    Profile(
        code="kela",
        name=_("Kela: graduation and study progress"),
        description=_("Study rights, their periods, states and funding, enrolment terms and the progress of studies without grades, for student financial aid and other benefits."),
        education_types=DISCLOSABLE_TYPES,
        data_kinds=("identity", "study_rights", "periods", "funding", "qualifications", "achievements"),
        paths=(
            "henkilö.oid", "henkilö.hetu",
            *STUDY_RIGHT_IDENTITY, *INSTITUTION, *PERIODS, *FUNDING,
            "opiskeluoikeudet[].arvioituPäättymispäivä",
            "opiskeluoikeudet[].lisätiedot.majoitus",
            "opiskeluoikeudet[].lisätiedot.osaAikaisuusjaksot",
            "opiskeluoikeudet[].lisätiedot.ulkomaanjaksot",
            "opiskeluoikeudet[].lisätiedot.lukukausiIlmoittautuminen",
            *QUALIFICATION,
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.perusteenDiaarinumero",
            "opiskeluoikeudet[].suoritukset[].suoritustapa",
            "opiskeluoikeudet[].suoritukset[].alkamispäivä",
            "opiskeluoikeudet[].suoritukset[].toimipiste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].arviointi[].päivä",
        ),
    ),
    Profile(
        code="tilastokeskus",
        name=_("Statistics Finland: statistics datasets"),
        description=_("The whole record for individual-level and institution-level education statistics, with special-support decisions, but without the other sensitive data."),
        education_types=DISCLOSABLE_TYPES,
        data_kinds=("identity", "study_rights", "periods", "funding", "qualifications", "achievements", "assessments",
                    "special_support"),
        paths=(
            "henkilö.oid", "henkilö.hetu", "henkilö.syntymäaika", "henkilö.äidinkieli",
            *STUDY_RIGHT_IDENTITY, *INSTITUTION,
            "opiskeluoikeudet[].arvioituPäättymispäivä",
            "opiskeluoikeudet[].tila",
            "opiskeluoikeudet[].suoritukset",
            "opiskeluoikeudet[].lisätiedot",
        ),
        sensitive_paths=SPECIAL_SUPPORT,
    ),
    Profile(
        code="etk",
        name=_("Finnish Centre for Pensions: qualifications for pension accrual"),
        description=_("Completed vocational and higher-education qualifications with the study right's start and end, to credit pension accrual for studies."),
        education_types=("ammatillinenkoulutus", "korkeakoulutus"),
        data_kinds=("identity", "qualifications"),
        paths=(
            "henkilö.oid", "henkilö.hetu", "henkilö.syntymäaika", "henkilö.etunimet", "henkilö.sukunimi",
            "opiskeluoikeudet[].oid", "opiskeluoikeudet[].versionumero", "opiskeluoikeudet[].tyyppi",
            "opiskeluoikeudet[].alkamispäivä", "opiskeluoikeudet[].päättymispäivä",
            *QUALIFICATION,
        ),
        verified_only=True,
        achievement_types=QUALIFICATION_ACHIEVEMENTS,
        requires_achievement=True,
    ),
    Profile(
        code="valvira",
        name=_("Valvira: professional practice rights"),
        description=_("The health and social care qualifications that Valvira registers, with the institution, the periods and the verification."),
        education_types=("ammatillinenkoulutus",),
        data_kinds=("identity", "study_rights", "periods", "qualifications"),
        paths=(
            "henkilö.oid", "henkilö.hetu",
            "opiskeluoikeudet[].oid", "opiskeluoikeudet[].versionumero", "opiskeluoikeudet[].aikaleima",
            "opiskeluoikeudet[].alkamispäivä", "opiskeluoikeudet[].päättymispäivä",
            "opiskeluoikeudet[].oppilaitos.oid", "opiskeluoikeudet[].oppilaitos.oppilaitosnumero",
            "opiskeluoikeudet[].oppilaitos.nimi",
            *PERIODS,
            "opiskeluoikeudet[].suoritukset[].tyyppi",
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.perusteenDiaarinumero",
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.perusteenNimi",
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.koulutustyyppi",
            "opiskeluoikeudet[].suoritukset[].tutkintonimike",
            "opiskeluoikeudet[].suoritukset[].alkamispäivä",
            "opiskeluoikeudet[].suoritukset[].vahvistus.päivä",
        ),
        achievement_types=("ammatillinentutkinto",),
        qualification_codes=VALVIRA_QUALIFICATIONS,
        requires_achievement=True,
    ),
    Profile(
        code="karvi",
        name=_("Finnish Education Evaluation Centre: assessment data"),
        description=_("Achievements with their assessments by institution and provider, without identity codes or names, for national evaluations of learning outcomes."),
        education_types=("ammatillinenkoulutus", "lukiokoulutus", "perusopetus", "aikuistenperusopetus"),
        data_kinds=("study_rights", "qualifications", "achievements", "assessments"),
        paths=(
            "henkilö.oid", "henkilö.syntymäaika", "henkilö.äidinkieli",
            "opiskeluoikeudet[].oid", "opiskeluoikeudet[].tyyppi",
            "opiskeluoikeudet[].alkamispäivä", "opiskeluoikeudet[].päättymispäivä",
            "opiskeluoikeudet[].oppilaitos.oid", "opiskeluoikeudet[].koulutustoimija.oid",
            *QUALIFICATION,
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].suoritustapa",
            "opiskeluoikeudet[].suoritukset[].arviointi",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].arviointi",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].osasuoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].osasuoritukset[].arviointi",
        ),
    ),
    Profile(
        code="tem",
        name=_("Ministry of Economic Affairs and Employment: competence-based employment services"),
        description=_("Completed qualifications with their titles, competence areas and completed units, to match job seekers with work and training by competence."),
        education_types=("ammatillinenkoulutus", "lukiokoulutus", "ylioppilastutkinto", "perusopetus",
                         "aikuistenperusopetus", "korkeakoulutus"),
        data_kinds=("identity", "qualifications", "achievements"),
        paths=(
            "henkilö.oid", "henkilö.hetu",
            "opiskeluoikeudet[].oid", "opiskeluoikeudet[].tyyppi",
            "opiskeluoikeudet[].oppilaitos.oid", "opiskeluoikeudet[].oppilaitos.nimi",
            *QUALIFICATION,
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].tutkintonimike",
            "opiskeluoikeudet[].suoritukset[].osaamisala",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].arviointi[].päivä",
        ),
        verified_only=True,
        requires_achievement=True,
    ),
    Profile(
        code="koulutusrahasto",
        name=_("Employment Fund: adult education allowance and grants"),
        description=_("Study rights of adult learners with their periods, funding and the scope of completed studies, to decide on the adult education allowance and the qualification grant."),
        education_types=("ammatillinenkoulutus", "lukiokoulutus", "aikuistenperusopetus", "korkeakoulutus"),
        data_kinds=("identity", "study_rights", "periods", "funding", "qualifications", "achievements"),
        paths=(
            "henkilö.oid", "henkilö.hetu",
            *STUDY_RIGHT_IDENTITY,
            "opiskeluoikeudet[].oppilaitos.oid", "opiskeluoikeudet[].oppilaitos.nimi",
            "opiskeluoikeudet[].arvioituPäättymispäivä",
            *PERIODS, *FUNDING,
            *QUALIFICATION,
            "opiskeluoikeudet[].suoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.tunniste",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].koulutusmoduuli.laajuus",
            "opiskeluoikeudet[].suoritukset[].osasuoritukset[].arviointi[].päivä",
        ),
    ),
    Profile(
        code="amke",
        name=_("AMKE: comparison data of providers, aggregates only"),
        description=_("Counts of vocational study rights and qualifications by provider, institution, state and year, with small cells suppressed. No learner's data."),
        education_types=("ammatillinenkoulutus",),
        data_kinds=("aggregates",),
        aggregates_only=True,
    ),
    Profile(
        code="avi",
        name=_("Regional State Administrative Agencies: evaluation of education"),
        description=_("Study rights of basic, pre-primary and general upper secondary education with their states and completed syllabuses, without identity codes or names, for evaluating access to education."),
        education_types=("esiopetus", "perusopetus", "perusopetuksenlisaopetus", "perusopetukseenvalmistavaopetus",
                         "aikuistenperusopetus", "lukiokoulutus"),
        data_kinds=("study_rights", "periods", "qualifications"),
        paths=(
            "henkilö.oid",
            "opiskeluoikeudet[].oid", "opiskeluoikeudet[].tyyppi",
            "opiskeluoikeudet[].alkamispäivä", "opiskeluoikeudet[].päättymispäivä",
            "opiskeluoikeudet[].oppilaitos.oid", "opiskeluoikeudet[].koulutustoimija.oid",
            *PERIODS,
            *QUALIFICATION,
        ),
    ),
)}


def profile_choices():
    return [(profile.code, profile.name) for profile in PROFILES.values()]
