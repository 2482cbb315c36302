"""Read VIRTA's SOAP responses into plain data: students, study rights, course units, term registrations.

VIRTA is the Finnish higher-education achievement register. Its study-record response
(OpiskelijanKaikkiTiedotResponse) and personal-data response (OpiskelijanTiedotResponse) wrap
elements of the namespace urn:mace:funet.fi:virta/2015/09/01 in a SOAP envelope. The reader keeps
values as the text VIRTA sends, with the element each came from; `convert.py` checks and maps
them. XML comes from outside the register, so it is parsed with defusedxml, which rejects
documents that declare a DTD or entities.
"""

from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext

from ..problems import ImportProblem

NAMESPACE = "urn:mace:funet.fi:virta/2015/09/01"
SOAP_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/"


def tag(name):
    return f"{{{NAMESPACE}}}{name}"


@dataclass
class OrganisationRole:
    """An organisation in a role (Organisaatio/Rooli): 2 organiser, 3 source, 5 merged awarding institution."""

    role: str
    code: str


@dataclass
class InstitutionCodes:
    """The institution codes of a record: the awarding institution (Myontaja) and the organisations in roles."""

    awarding: str = ""
    roles: list = field(default_factory=list)
    transfer_student: bool = False
    recognition_date: str = ""

    def role(self, role):
        return next((item.code for item in self.roles if item.role == role), "")


@dataclass
class State:
    start: str
    code: str
    location: object


@dataclass
class ProgrammePeriod:
    """A period of a study right in one programme (Jakso): education code, municipality, names, classifications."""

    start: str
    end: str
    education_code: str
    municipality: str
    names: dict
    classifications: list
    location: object


@dataclass
class DatedText:
    """An element with AlkuPvm and LoppuPvm, and one more text such as the sum of a tuition fee."""

    start: str
    end: str
    text: str = ""


@dataclass
class Scope:
    credits: str = ""
    study_weeks: str = ""


@dataclass
class Grade:
    """A grade (Arvosana): of a national scale (`value`), or of the institution's scale (Muu)."""

    value: str = ""
    is_local: bool = False
    local_scale: str = ""
    local_code: str = ""
    # (avain, Koodi, Nimi) of each grade that the institution's scale (Asteikko) lists.
    local_grades: list = field(default_factory=list)


@dataclass
class StudyRightRecord:
    key: str
    student_key: str
    location: object
    end: str
    states: list
    type_code: str
    institutions: InstitutionCodes
    programme_periods: list
    primacy: list
    scope: Scope
    tuition_fees: list
    module_ids: list


@dataclass
class CourseUnitRecord:
    key: str
    student_key: str
    study_right_key: str
    module_id: str
    location: object
    date: str
    scope: Scope
    grade: Grade | None
    institutions: InstitutionCodes
    kind: str
    names: dict
    language: str
    education_code: str
    included_keys: list
    classifications: list
    qualifications: list


@dataclass
class TermRegistrationRecord:
    student_key: str
    study_right_key: str
    location: object
    institutions: InstitutionCodes
    state: str
    start: str
    end: str
    student_union_member: str | None
    health_fee_paid: str | None
    fee: dict | None


@dataclass
class StudentRecord:
    """One Opiskelija element of a study-record response."""

    location: object
    identity_code: str
    learner_oid: str
    study_rights: list = field(default_factory=list)
    course_units: list = field(default_factory=list)
    term_registrations: list = field(default_factory=list)


@dataclass
class PersonalDataRecord:
    """One Opiskelija element of a personal-data response."""

    location: object
    identity_code: str
    last_name: str
    first_names: str
    mother_tongue: str
    nationality: str


def parse_root(data, location):
    """Return the root element of a VIRTA response, or raise ImportProblem for malformed or foreign XML."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except ParseError as error:
        raise ImportProblem(location, gettext("the file is not well-formed XML (%(error)s)") % {"error": error}) from error
    except DefusedXmlException as error:
        raise ImportProblem(location, gettext(
            "the file declares a DTD or entities, which VIRTA's responses never do (%(error)s)"
        ) % {"error": type(error).__name__}) from error
    fault = root.find(f".//{{{SOAP_NAMESPACE}}}Fault")
    if fault is not None:
        raise ImportProblem(location.child("Fault"), gettext("the response is a SOAP fault: %(fault)s") % {
            "fault": (fault.findtext("faultstring") or "").strip() or gettext("no fault string"),
        })
    if not any(element.tag.startswith(f"{{{NAMESPACE}}}") for element in root.iter()):
        raise ImportProblem(location, gettext("the file contains no elements of VIRTA's namespace %(namespace)s; it is not a VIRTA response") % {
            "namespace": NAMESPACE,
        })
    return root


def parse_study_records(data, location):
    """Return the StudentRecords of a study-record response (OpiskelijanKaikkiTiedotResponse)."""
    root = parse_root(data, location)
    return [_student(element, location) for element in root.iter(tag("Opiskelija"))]


def parse_personal_data(data, location):
    """Return the PersonalDataRecords of a personal-data response (OpiskelijanTiedotResponse)."""
    root = parse_root(data, location)
    records = []
    for element in root.iter(tag("Opiskelija")):
        where = location.child(_described("Opiskelija", element))
        records.append(PersonalDataRecord(
            location=where,
            identity_code=_text(element, "Henkilotunnus"),
            last_name=_text(element, "Sukunimi"),
            first_names=_text(element, "Etunimet"),
            mother_tongue=_text(element, "Aidinkieli"),
            nationality=_text(element, "Kansalaisuus"),
        ))
    return records


def _student(element, location):
    where = location.child(_described("Opiskelija", element))
    student = StudentRecord(
        location=where,
        identity_code=_text(element, "Henkilotunnus"),
        learner_oid=_text(element, "KansallinenOppijanumero"),
    )
    for child in element.iter(tag("Opiskeluoikeus")):
        student.study_rights.append(_study_right(child, where))
    for child in element.iter(tag("Opintosuoritus")):
        student.course_units.append(_course_unit(child, where))
    for child in element.iter(tag("LukukausiIlmoittautuminen")):
        student.term_registrations.append(_term_registration(child, where))
    return student


def _study_right(element, location):
    where = location.child(_described("Opiskeluoikeus", element))
    return StudyRightRecord(
        key=element.get("avain", ""),
        student_key=element.get("opiskelijaAvain", ""),
        location=where,
        end=_text(element, "LoppuPvm"),
        states=[
            State(start=_text(state, "AlkuPvm"), code=_text(state, "Koodi"), location=where.child(f"Tila[{index}]"))
            for index, state in enumerate(element.findall(tag("Tila")), start=1)
        ],
        type_code=_text(element, "Tyyppi"),
        institutions=_institution_codes(element),
        programme_periods=[
            ProgrammePeriod(
                start=_text(period, "AlkuPvm"),
                end=_text(period, "LoppuPvm"),
                education_code=_text(period, "Koulutuskoodi"),
                municipality=_text(period, "Koulutuskunta"),
                names=_names(period),
                classifications=[_plain(item.text) for item in period.findall(tag("Luokittelu"))],
                location=where.child(f"Jakso[{index}]"),
            )
            for index, period in enumerate(element.findall(tag("Jakso")), start=1)
        ],
        primacy=[DatedText(_text(item, "AlkuPvm"), _text(item, "LoppuPvm")) for item in element.findall(tag("Ensisijaisuus"))],
        scope=_scope(element),
        tuition_fees=[
            DatedText(_text(item, "AlkuPvm"), _text(item, "LoppuPvm"), _text(item, "Summa"))
            for item in element.findall(tag("LukuvuosiMaksu"))
        ],
        module_ids=[item.get("koulutusmoduulitunniste") for item in element.iter() if item.get("koulutusmoduulitunniste")],
    )


def _course_unit(element, location):
    where = location.child(_described("Opintosuoritus", element))
    grade_element = element.find(tag("Arvosana"))
    language = element.find(f".//{tag('Kieli')}")
    education_code = element.find(f".//{tag('Koulutuskoodi')}")
    return CourseUnitRecord(
        key=element.get("avain", ""),
        student_key=element.get("opiskelijaAvain", ""),
        study_right_key=element.get("opiskeluoikeusAvain", ""),
        module_id=element.get("koulutusmoduulitunniste", ""),
        location=where,
        date=_text(element, "SuoritusPvm"),
        scope=_scope(element),
        grade=_grade(grade_element) if grade_element is not None else None,
        institutions=_institution_codes(element),
        kind=_text(element, "Laji"),
        names=_names(element),
        language=_plain(language.text) if language is not None else "",
        education_code=_plain(education_code.text) if education_code is not None else "",
        included_keys=[item.get("sisaltyvaOpintosuoritusAvain", "") for item in element.findall(tag("Sisaltyvyys"))],
        classifications=[_plain(item.text) for item in element.findall(tag("Luokittelu"))],
        qualifications=[_plain(item.text) for item in element.findall(tag("Patevyys"))],
    )


def _term_registration(element, location):
    where = location.child(_described("LukukausiIlmoittautuminen", element))
    fee = element.find(tag("LukuvuosiMaksu"))
    return TermRegistrationRecord(
        student_key=element.get("opiskelijaAvain", ""),
        study_right_key=element.get("opiskeluoikeusAvain", ""),
        location=where,
        institutions=_institution_codes(element),
        state=_text(element, "Tila"),
        start=_text(element, "AlkuPvm"),
        end=_text(element, "LoppuPvm"),
        student_union_member=_optional_text(element, "YlioppilaskuntaJasen"),
        health_fee_paid=_optional_text(element, "YTHSMaksu"),
        fee=None if fee is None else {
            name: _optional_text(fee, name) for name in ("Maksettu", "Summa", "Apuraha")
        },
    )


def _grade(element):
    local = element.find(tag("Muu"))
    if local is None:
        return Grade(value="".join(_plain("".join(child.itertext())) for child in element))
    scale = local.find(tag("Asteikko"))
    return Grade(
        is_local=True,
        local_scale=scale.get("avain", "") if scale is not None else "",
        local_code=_text(local, "Koodi"),
        local_grades=[
            (item.get("avain", ""), _text(item, "Koodi"), _text(item, "Nimi"))
            for item in (scale.iter(tag("AsteikkoArvosana")) if scale is not None else [])
        ],
    )


def _institution_codes(element):
    recognition = element.find(f".//{tag('HyvaksilukuPvm')}")
    return InstitutionCodes(
        awarding=_text(element, "Myontaja"),
        roles=[
            OrganisationRole(role=_text(item, "Rooli"), code=_text(item, "Koodi"))
            for item in element.iter(tag("Organisaatio"))
        ],
        transfer_student=element.find(f".//{tag('SiirtoOpiskelija')}") is not None,
        recognition_date=_plain(recognition.text) if recognition is not None else "",
    )


def _scope(element):
    scope = element.find(tag("Laajuus"))
    if scope is None:
        return Scope()
    return Scope(credits=_text(scope, "Opintopiste"), study_weeks=_text(scope, "Opintoviikko"))


def _names(element):
    """Return the Nimi elements by language; a name without `kieli` counts as Finnish, as the national service reads it."""
    names = {}
    for item in element.findall(tag("Nimi")):
        text = item.text or ""
        if text:
            names.setdefault((item.get("kieli") or "").lower(), text)
    return names


def _described(name, element):
    key = element.get("avain")
    return f'{name}[@avain="{key}"]' if key else name


def _text(element, name):
    return _plain(element.findtext(tag(name)))


def _optional_text(element, name):
    found = element.find(tag(name))
    return None if found is None else _plain(found.text)


def _plain(text):
    return (text or "").strip()
