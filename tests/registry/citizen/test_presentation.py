"""What the citizen page reads from a study right document (transfer_format.presentation)."""

import datetime
from decimal import Decimal

from registry.transfer_format.presentation import achievement_view, study_right_view


def code(value, code_set, **names):
    return {"koodiarvo": value, "koodistoUri": code_set, "nimi": names} if names else {"koodiarvo": value, "koodistoUri": code_set}


def assessment(grade, day, scale="arviointiasteikkoyleissivistava", **names):
    return {"arvosana": code(grade, scale, **names), "päivä": day}


QUALIFICATION = {
    "tyyppi": code("ammatillinentutkinto", "suorituksentyyppi", fi="Ammatillinen tutkinto"),
    "koulutusmoduuli": {
        "tunniste": code("361902", "koulutus", fi="Luonto- ja ympäristöalan perustutkinto", sv="Grundexamen i natur och miljö"),
        "laajuus": {"arvo": 180, "yksikkö": code("6", "opintojenlaajuusyksikko", fi="osaamispistettä")},
    },
    "osaamisala": [
        {"osaamisala": code("1590", "osaamisala", fi="Ympäristöalan osaamisala"), "alku": "2013-01-01"},
        code("1591", "osaamisala", fi="Luontoalan osaamisala"),
    ],
    "tutkintonimike": [code("10083", "tutkintonimikkeet", fi="Ympäristönhoitaja")],
    "vahvistus": {
        "päivä": "2016-08-31",
        "paikkakunta": code("091", "kunta", fi="Helsinki", sv="Helsingfors"),
        "myöntäjäOrganisaatio": {"oid": "1.2.246.562.10.52251087186", "nimi": {"fi": "Stadin ammattiopisto"}},
    },
    "toimipiste": {"oid": "1.2.246.562.10.42456023292", "nimi": {"fi": "Lehtikuusentien toimipaikka"}},
    "suorituskieli": code("FI", "kieli", fi="suomi", en="Finnish"),
    "osasuoritukset": [
        {
            "tyyppi": code("ammatillisentutkinnonosa", "suorituksentyyppi"),
            "koulutusmoduuli": {
                "tunniste": code("100431", "tutkinnonosat", fi="Kestävällä tavalla toimiminen"),
                "laajuus": {"arvo": 40.0, "yksikkö": code("6", "opintojenlaajuusyksikko", fi="osaamispistettä")},
            },
            "arviointi": [
                assessment("1", "2014-05-01", "arviointiasteikkoammatillinent1k3", fi="tyydyttävä"),
                assessment("3", "2015-01-01", "arviointiasteikkoammatillinent1k3", fi="kiitettävä"),
            ],
            "tunnustettu": {"selite": {"fi": "Aiempi tutkinto"}},
            "osasuoritukset": [
                {
                    "tyyppi": code("ammatillisentutkinnonosanosaalue", "suorituksentyyppi"),
                    "koulutusmoduuli": {
                        "tunniste": code("AI", "ammatillisenoppiaineet", fi="Äidinkieli"),
                        "kieli": code("AI1", "oppiaineaidinkielijakirjallisuus", fi="suomi"),
                    },
                },
            ],
        },
    ],
}


def test_qualification_facts_are_read():
    view = achievement_view(QUALIFICATION)

    assert view.name == {"fi": "Luonto- ja ympäristöalan perustutkinto", "sv": "Grundexamen i natur och miljö"}
    assert view.type_name == {"fi": "Ammatillinen tutkinto"}
    assert view.scope == Decimal("180")
    assert view.scope_unit_name == {"fi": "osaamispistettä"}
    assert view.competence_areas == [{"fi": "Ympäristöalan osaamisala"}, {"fi": "Luontoalan osaamisala"}]
    assert view.titles == [{"fi": "Ympäristönhoitaja"}]
    assert view.unit_name == {"fi": "Lehtikuusentien toimipaikka"}
    assert view.instruction_language_name == {"fi": "suomi", "en": "Finnish"}


def test_verification_is_read():
    view = achievement_view(QUALIFICATION)

    assert view.is_verified
    assert view.verification.date == datetime.date(2016, 8, 31)
    assert view.verification.place_name == {"fi": "Helsinki", "sv": "Helsingfors"}
    assert view.verification.organisation_name == {"fi": "Stadin ammattiopisto"}


def test_achievement_without_verification_is_unverified():
    view = achievement_view({**QUALIFICATION, "vahvistus": None})

    assert view.verification is None
    assert not view.is_verified


def test_part_has_best_grade_with_its_name():
    part = achievement_view(QUALIFICATION).parts[0]

    assert part.grade.value == "3"
    assert part.grade.name == {"fi": "kiitettävä"}
    assert part.grade.accepted is True
    assert part.grade.date == datetime.date(2015, 1, 1)
    assert part.recognised


def test_parts_nest_to_any_depth():
    view = achievement_view(QUALIFICATION)

    assert [part.module_code for part in view.parts] == ["100431"]
    assert [part.module_code for part in view.parts[0].parts] == ["AI"]
    assert view.parts_have_scope
    assert view.parts_have_assessment_date
    assert not view.parts[0].parts_have_scope
    assert not view.parts[0].parts_have_assessment_date


def test_language_subject_keeps_its_language_apart():
    subject = achievement_view(QUALIFICATION).parts[0].parts[0]

    assert subject.name == {"fi": "Äidinkieli"}
    assert subject.subject_language_name == {"fi": "suomi"}
    assert subject.grade is None


def test_missing_module_name_falls_back_to_type_name():
    view = achievement_view({
        "tyyppi": code("lukionaineopinnot", "suorituksentyyppi", fi="Lukion aineopinnot"),
        "koulutusmoduuli": {"tunniste": {"koodiarvo": "lukionaineopinnot"}},
    })

    assert view.name == {}
    assert view.title_names == {"fi": "Lukion aineopinnot"}
    assert view.module_code == "lukionaineopinnot"


def test_malformed_nodes_are_skipped():
    view = achievement_view({
        "tyyppi": "not a code",
        "koulutusmoduuli": {"tunniste": {"koodiarvo": "X", "nimi": {"fi": "", "sv": None}}, "laajuus": {"arvo": True}},
        "arviointi": ["not an assessment"],
        "osasuoritukset": ["not a part", None],
        "osaamisala": "not a list",
    })

    assert view.title_names == {}
    assert view.scope is None
    assert view.grade is None
    assert view.parts == []
    assert view.competence_areas == []


def test_study_right_periods_and_organisations_are_read():
    document = {
        "tyyppi": code("ammatillinenkoulutus", "opiskeluoikeudentyyppi", fi="Ammatillinen koulutus"),
        "oppilaitos": {"oid": "1.2.246.562.10.52251087186", "nimi": {"fi": "Stadin ammattiopisto"}},
        "koulutustoimija": {"oid": "1.2.246.562.10.346830761110", "nimi": {"fi": "Helsingin kaupunki"}},
        "tila": {"opiskeluoikeusjaksot": [
            {"alku": "2012-09-01", "tila": code("lasna", "koskiopiskeluoikeudentila", fi="Läsnä"),
             "opintojenRahoitus": code("4", "opintojenrahoitus", fi="Työnantajan rahoittama")},
            {"alku": "2016-08-31", "tila": code("valmistunut", "koskiopiskeluoikeudentila", fi="Valmistunut")},
        ]},
        "suoritukset": [QUALIFICATION],
    }

    view = study_right_view(document)

    assert view.type_code == "ammatillinenkoulutus"
    assert view.institution_oid == "1.2.246.562.10.52251087186"
    assert view.provider_name == {"fi": "Helsingin kaupunki"}
    assert [(period.start, period.state_code) for period in view.periods] == [
        (datetime.date(2012, 9, 1), "lasna"),
        (datetime.date(2016, 8, 31), "valmistunut"),
    ]
    assert view.current_state.state_name == {"fi": "Valmistunut"}
    assert view.has_funding
    assert not view.is_invalidated
    assert view.latest_verification_date == datetime.date(2016, 8, 31)
    assert len(view.achievements) == 1


def test_last_state_mitatoity_is_invalidated():
    document = {"tila": {"opiskeluoikeusjaksot": [
        {"alku": "2012-09-01", "tila": code("lasna", "koskiopiskeluoikeudentila")},
        {"alku": "2013-01-01", "tila": code("mitatoity", "koskiopiskeluoikeudentila")},
    ]}}

    assert study_right_view(document).is_invalidated


def test_pre_primary_without_institution_is_named_by_provider():
    document = {"koulutustoimija": {"oid": "1.2.246.562.10.346830761110", "nimi": {"fi": "Helsingin kaupunki"}}}

    view = study_right_view(document)

    assert view.institution_name == {"fi": "Helsingin kaupunki"}
    assert view.institution_oid == ""
