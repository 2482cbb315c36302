"""Each kind of VIRTA element maps to the national format: study rights, states, term registrations,
degrees, course units, grades, loose course units, institutions and learners."""

import pytest

from registry.models import Achievement, Learner, StudyRight
from tests.factories import synthetic_identity_code
from tests.registry.imports import virta_xml as xml
from tests.registry.imports.conftest import run_virta

pytestmark = pytest.mark.django_db

HELSINKI_UNIVERSITY = "1.2.246.562.10.39218317368"  # institution number 01901
LAUREA_NUMBER = "02629"  # in code set oppilaitosnumero, not in the organisation data


def import_one(virta_folder, *content, identity_code=None, oid=None):
    identity_code = identity_code or (None if oid else synthetic_identity_code())
    virta_folder.write("person.xml", xml.response(xml.student(*content, identity_code=identity_code, oid=oid)))
    report = run_virta(virta_folder.path)
    assert report.skipped == [], [str(note) for note in report.skipped]
    return report


def documents():
    return {study_right.source_id: study_right.document for study_right in StudyRight.objects.filter(type="korkeakoulutus")}


def test_study_right_states_and_key(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right(
        "SR1", states=(("2015-08-01", "1"), ("2019-06-01", "3")), end="2019-06-01",
    )))

    document = documents()["SR1"]
    periods = document["tila"]["opiskeluoikeusjaksot"]
    assert [period["tila"]["koodiarvo"] for period in periods] == ["1", "3"]
    assert [period["alku"] for period in periods] == ["2015-08-01", "2019-06-01"]
    assert periods[0]["tila"]["koodistoUri"] == "virtaopiskeluoikeudentila"
    assert periods[0]["nimi"]["fi"] == "Tieto- ja viestintätekniikan koulutus"
    assert document["lähdejärjestelmänId"]["id"] == "SR1"
    assert document["lähdejärjestelmänId"]["lähdejärjestelmä"]["koodiarvo"] == "virta"
    assert document["päättymispäivä"] == "2019-06-01"
    assert document["lisätiedot"]["virtaOpiskeluoikeudenTyyppi"]["koodiarvo"] == "2"
    assert document["lisätiedot"]["koulutuskuntaJaksot"][0]["koulutuskunta"]["koodiarvo"] == "091"
    assert document["synteettinen"] is False


def test_term_registrations_by_key_and_by_active_period(virta_folder):
    import_one(
        virta_folder,
        xml.study_rights(xml.study_right("SR1", states=(("2015-08-01", "1"), ("2017-01-01", "4")))),
        xml.term_registrations(
            xml.term_registration("2015-08-01", "2015-12-31", study_right_key="SR1"),
            xml.term_registration("2016-01-01", "2016-07-31", state="2"),
            xml.term_registration("2018-01-01", "2018-07-31"),
            xml.term_registration("2016-08-01", "2016-12-31", institution=LAUREA_NUMBER),
        ),
    )

    registrations = documents()["SR1"]["lisätiedot"]["lukukausiIlmoittautuminen"]["ilmoittautumisjaksot"]
    # The third is after the active period and the fourth names another institution.
    assert [(item["alku"], item["tila"]["koodiarvo"]) for item in registrations] == [("2015-08-01", "1"), ("2016-01-01", "2")]
    assert registrations[0]["ylioppilaskunnanJäsen"] is True
    assert registrations[0]["loppu"] == "2015-12-31"


def test_degree_with_verification_and_awarding_institution(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), xml.course_units(
        xml.course_unit(
            "D1", study_right_key="SR1", kind="1", name="Tradenomi", credits="210", date="2019-05-31",
            extra="<virta:Koulutuskoodi>651301</virta:Koulutuskoodi>",
        ),
    ))

    degree = documents()["SR1"]["suoritukset"][0]
    assert degree["tyyppi"]["koodiarvo"] == "korkeakoulututkinto"
    assert degree["koulutusmoduuli"]["tunniste"] == {**degree["koulutusmoduuli"]["tunniste"], "koodiarvo": "651301", "koodistoUri": "koulutus"}
    assert degree["koulutusmoduuli"]["tunniste"]["nimi"]["fi"]
    assert degree["koulutusmoduuli"]["virtaNimi"] == {"fi": "Tieto- ja viestintätekniikan koulutus"}
    assert degree["vahvistus"]["päivä"] == "2019-05-31"
    assert degree["vahvistus"]["myöntäjäOrganisaatio"]["oid"] == HELSINKI_UNIVERSITY
    assert degree["toimipiste"]["oid"] == HELSINKI_UNIVERSITY
    assert degree["arviointi"][0]["arvosana"]["koodiarvo"] == "4"
    row = Achievement.objects.get(type="korkeakoulututkinto")
    assert str(row.verification_date) == "2019-05-31"
    assert row.verification_organisation_oid == HELSINKI_UNIVERSITY


def test_course_unit_code_name_scope_and_grade(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1", kind="13", programme=None)), xml.course_units(
        xml.course_unit("U1", study_right_key="SR1", module_id="TX00BT41", name="Oliot", credits="5.5"),
        xml.course_unit("U2", study_right_key="SR1", module_id="TX00BT42", name="Verkot", credits="3",
                        grade="<virta:Hyvaksytty>HYV</virta:Hyvaksytty>"),
    ))

    other = documents()["SR1"]["suoritukset"][0]
    assert other["tyyppi"]["koodiarvo"] == "muukorkeakoulunsuoritus"
    assert other["koulutusmoduuli"]["tunniste"]["koodiarvo"] == "13"
    units = other["osasuoritukset"]
    assert [unit["koulutusmoduuli"]["tunniste"]["koodiarvo"] for unit in units] == ["TX00BT41", "TX00BT42"]
    assert units[0]["koulutusmoduuli"]["nimi"] == {"fi": "Oliot"}
    assert units[0]["koulutusmoduuli"]["laajuus"]["arvo"] == 5.5
    assert units[0]["koulutusmoduuli"]["laajuus"]["yksikkö"]["koodiarvo"] == "2"
    assert units[0]["arviointi"][0]["arvosana"]["koodistoUri"] == "virtaarvosana"
    assert units[1]["arviointi"][0]["arvosana"]["koodiarvo"] == "HYV"
    assert units[0]["suorituskieli"]["koodiarvo"] == "FI"
    row = Achievement.objects.get(module_code="TX00BT41")
    assert (row.grade, row.grade_scale, float(row.scope)) == ("4", "virtaarvosana", 5.5)


def test_grade_of_institutions_own_scale(virta_folder):
    local = (
        '<virta:Muu><virta:Asteikko avain="11"><virta:Nimi>HYL-HYV</virta:Nimi>'
        '<virta:AsteikkoArvosana avain="7"><virta:Koodi>HYV</virta:Koodi><virta:Nimi>Hyväksytty</virta:Nimi></virta:AsteikkoArvosana>'
        '</virta:Asteikko><virta:Koodi>7</virta:Koodi></virta:Muu>'
    )
    import_one(virta_folder, xml.course_units(xml.course_unit("U1", grade=local)))

    unit = StudyRight.objects.get().document["suoritukset"][0]
    assert unit["arviointi"][0]["arvosana"] == {"koodiarvo": "HYV", "nimi": {"fi": "Hyväksytty"}, "koodistoUri": "virta/11"}


def test_loose_course_units_grouped_by_institution(virta_folder):
    import_one(virta_folder, xml.course_units(
        xml.course_unit("U1", institution="01901"),
        xml.course_unit("U2", institution=LAUREA_NUMBER),
        xml.course_unit("U3", institution="01901"),
    ))

    study_rights = list(StudyRight.objects.filter(type="korkeakoulutus").order_by("created_at"))
    assert len(study_rights) == 2
    by_institution = {(sr.document["oppilaitos"].get("oid") or sr.document["oppilaitos"]["oppilaitosnumero"]["koodiarvo"]): sr for sr in study_rights}
    assert set(by_institution) == {HELSINKI_UNIVERSITY, LAUREA_NUMBER}
    helsinki = by_institution[HELSINKI_UNIVERSITY].document
    assert helsinki["synteettinen"] is True
    assert helsinki["tila"] == {"opiskeluoikeusjaksot": []}
    assert "id" not in helsinki["lähdejärjestelmänId"]
    assert [unit["koulutusmoduuli"]["tunniste"]["koodiarvo"] for unit in helsinki["suoritukset"]] == ["C1", "C1"]
    assert len(by_institution[LAUREA_NUMBER].document["suoritukset"]) == 1


def test_included_course_units_become_parts(virta_folder):
    import_one(virta_folder, xml.course_units(
        xml.course_unit("U1", module_id="WHOLE", credits="", extra='<virta:Sisaltyvyys sisaltyvaOpintosuoritusAvain="U2"/>'),
        xml.course_unit("U2", module_id="PART", credits="3.25"),
    ))

    [whole] = StudyRight.objects.get().document["suoritukset"]
    assert whole["koulutusmoduuli"]["tunniste"]["koodiarvo"] == "WHOLE"
    assert [part["koulutusmoduuli"]["tunniste"]["koodiarvo"] for part in whole["osasuoritukset"]] == ["PART"]
    # Without a scope of its own, a unit's scope is its parts' sum, rounded to a tenth.
    assert whole["koulutusmoduuli"]["laajuus"]["arvo"] == 3.3


def test_foreign_institution_kept_as_text(virta_folder):
    import_one(
        virta_folder,
        xml.study_rights(xml.study_right("SR1", institution="UK", programme=None)),
        xml.course_units(xml.course_unit(
            "U1", study_right_key="SR1", institution="01901",
            extra="<virta:Organisaatio><virta:Rooli>3</virta:Rooli><virta:Koodi>UM</virta:Koodi></virta:Organisaatio>",
        )),
    )

    study_right = StudyRight.objects.get(source_id="SR1")
    assert study_right.institution is None
    assert study_right.document["oppilaitos"] == {"nimi": {"fi": "UK"}}
    unit = study_right.document["suoritukset"][1]
    assert unit["toimipiste"] == {"nimi": {"fi": "UM"}}


def test_institution_from_code_set_has_no_oid(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1", institution=LAUREA_NUMBER)))

    study_right = StudyRight.objects.get(source_id="SR1")
    assert study_right.institution is None
    assert "oid" not in study_right.document["oppilaitos"]
    assert study_right.document["oppilaitos"]["oppilaitosnumero"]["koodiarvo"] == LAUREA_NUMBER
    assert study_right.document["oppilaitos"]["nimi"]["fi"] == "Laurea-ammattikorkeakoulu"


def test_institution_from_hierarchy_has_provider(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")))

    study_right = StudyRight.objects.get(source_id="SR1")
    assert study_right.institution.oid == HELSINKI_UNIVERSITY
    assert study_right.provider is not None
    assert study_right.document["koulutustoimija"]["oid"] == study_right.provider.oid


def test_open_degree_programme_gets_degree_in_progress(virta_folder):
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1", kind="1")), xml.course_units(
        xml.course_unit("U1", study_right_key="SR1"),
    ))

    [degree] = StudyRight.objects.get(source_id="SR1").document["suoritukset"]
    assert degree["tyyppi"]["koodiarvo"] == "korkeakoulututkinto"
    assert degree["koulutusmoduuli"]["tunniste"]["koodiarvo"] == "651301"
    assert "vahvistus" not in degree
    assert [part["koulutusmoduuli"]["tunniste"]["koodiarvo"] for part in degree["osasuoritukset"]] == ["C1"]


def test_oid_only_learner_created_with_oid(virta_folder):
    oid = "1.2.246.562.24.20170814999"
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), oid=oid)

    learner = Learner.objects.get(oid=oid)
    assert learner.identity_code_hash is None
    assert StudyRight.objects.get(source_id="SR1").learner == learner


def test_personal_data_names_the_learner(virta_folder, tmp_path):
    code = synthetic_identity_code()
    (tmp_path / "virta" / "henkilotiedot" / f"{code}.xml").write_text(xml.personal_data(code, "Siiri Sofia", "Siirtola"))

    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), identity_code=code)

    learner = StudyRight.objects.get(source_id="SR1").learner
    assert (learner.first_names, learner.calling_name, learner.last_name) == ("Siiri Sofia", "Siiri", "Siirtola")
    assert learner.mother_tongue == "SV"
    assert learner.nationalities == ["246"]


def test_existing_learner_is_found_by_identity_code(virta_folder):
    from tests.factories import LearnerFactory

    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    report = import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), identity_code=code)

    assert report.learners_created == 0
    assert StudyRight.objects.get(source_id="SR1").learner == learner


def test_changed_source_writes_new_version(virta_folder):
    code = synthetic_identity_code()
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), identity_code=code)

    report = import_one(virta_folder, xml.study_rights(xml.study_right("SR1", states=(("2015-08-01", "1"), ("2020-01-01", "3")))), identity_code=code)

    study_right = StudyRight.objects.get(source_id="SR1")
    assert (report.updated, report.created) == (1, 0)
    assert study_right.version == 2
    assert study_right.state == "3"


def test_invalidated_study_right_stays_invalidated(virta_folder, admin_user):
    from registry.services.study_rights import invalidate_study_right

    code = synthetic_identity_code()
    import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), identity_code=code)
    study_right = StudyRight.objects.get(source_id="SR1")
    invalidate_study_right(study_right.oid, user=admin_user, source="admin")

    report = import_one(virta_folder, xml.study_rights(xml.study_right("SR1")), identity_code=code)

    assert (report.kept_invalidated, report.created) == (1, 0)
    assert StudyRight.objects.filter(type="korkeakoulutus").count() == 1
