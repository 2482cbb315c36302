"""Arrange one VIRTA response of one person into higher-education study rights, as the national service does.

The rules follow the national service's VIRTA converter (VirtaXMLConverter in Opetushallitus/koski
at the revision the register's schema comes from):

- A course unit belongs to a study right when its opiskeluoikeusAvain and opiskelijaAvain are
  the study right's keys, or when a unit it includes (Sisaltyvyys) belongs to it. Units that no
  other unit includes are the top-level ones.
- Kind (Laji) 1 is a degree and needs an education code, kind 2 a course unit; other kinds are
  left out.
- A study right that leads to a degree (VIRTA types 1, 2, 3, 4, 6, 7) and has no degree in VIRTA
  yet gets a degree in progress of its latest programme period while it is open, with its course
  units as parts. An ended one gets that degree too, verified only when it ended graduated. Every
  other study right gets "other studies" named by its VIRTA type. Their course units become parts
  for types 8 and 13, and stay top-level otherwise.
- Course units that belong to no study right are grouped by institution into study rights of
  their own, marked synthetic, without a key or states.
- The institution of a record is its source organisation (role 3), else its merged awarding
  institution (role 5), else its awarding institution (Myontaja); a transfer student's or a
  recognised record skips the source organisation.
- A study right without achievements is left out.

Where the register differs: an institution that the organisation data lacks is taken from code
set oppilaitosnumero, a non-numeric code such as UK is a foreign institution kept as text, and an
unknown grade or required code rejects the person instead of dropping the value. Organisation names
are the current ones, not the names on the date of the record.
"""

import datetime
import re
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext

from ....transfer_format import higher_education as format
from ..problems import ImportProblem

# VIRTA study-right types (virtaopiskeluoikeudentyyppi) that lead to a degree.
DEGREE_TYPES = frozenset({"1", "2", "3", "4", "6", "7"})
# VIRTA study-right types whose course units are parts of their "other studies" achievement:
# domestic student mobility (8) and open university studies (13).
PARTS_UNDER_OTHER_STUDIES_TYPES = frozenset({"8", "13"})
# States (virtaopiskeluoikeudentila) that end a study right: graduated, passivated, withdrawn, ended.
ENDED_STATES = frozenset({"3", "4", "5", "6"})
GRADUATED_STATE = "3"
ACTIVE_STATE = "1"
DEGREE_KIND = "1"
COURSE_UNIT_KIND = "2"
IGNORED_KIND = "3"
# Organisation roles (Organisaatio/Rooli) of VIRTA's code list.
ORGANISER_ROLE = "2"
SOURCE_ROLE = "3"
MERGED_AWARDING_ROLE = "5"
# VIRTA writes 2112-12-21 for "no end date".
NO_END_DATE = "2112-12-21"
# LAB University of Applied Sciences repeats course units of the former Lahti UAS under the same keys.
LAB_INSTITUTION_NUMBER = "10126"
# Term registrations whose state VIRTA does not send are "missing" (code 4), as nationally.
MISSING_REGISTRATION_STATE = "4"
CREDITS_UNIT = "2"
STUDY_WEEKS_UNIT = "1"
# Two-letter codes of code set virtapatevyys that are pedagogical studies for teachers; the other
# two-letter codes are studies of a subject to teach.
PEDAGOGICAL_STUDIES = frozenset(
    "ik il im in io ip iq ir is it iu iv iw ix iy ja jb jc jd ke oa ob oe of og pv rv sv va vo vs".split()
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_TEXTS = frozenset({"1", "true"})


class ResponseConverter:
    """Converts the records of one person in one VIRTA file into HigherEducationStudyRights."""

    def __init__(self, students, references, report, location):
        self.references = references
        self.report = report
        self.location = location
        self.study_rights = [record for student in students for record in student.study_rights]
        self.registrations = [record for student in students for record in student.term_registrations]
        self.units = without_lab_duplicates([record for student in students for record in student.course_units])
        self.units_by_key = defaultdict(list)
        for unit in self.units:
            self.units_by_key[unit.key].append(unit)
        included = {key for unit in self.units for key in unit.included_keys}
        self.roots = [unit for unit in self.units if unit.key not in included]
        counts = Counter(record.key for record in self.study_rights)
        self.duplicate_keys = {key for key, count in counts.items() if count > 1}

    def convert(self):
        """Return the person's study rights in this response: VIRTA's study rights, then the loose course units."""
        remaining = list(self.roots)
        result = []
        for record in self.study_rights:
            own = [unit for unit in remaining if self.belongs(unit, record)]
            own_ids = {id(unit) for unit in own}
            remaining = [unit for unit in remaining if id(unit) not in own_ids]
            result.append(self.study_right(record, own))

        loose = defaultdict(list)
        institutions = {}
        errors = []
        for unit in remaining:
            achievement = self.achievement(unit, None, errors)
            if achievement is not None:
                institutions[achievement.institution.key] = achievement.institution
                loose[achievement.institution.key].append(achievement)
        for key, achievements in loose.items():
            result.append(format.HigherEducationStudyRight(
                source_id=None, institution=institutions[key], achievements=achievements, errors=errors, synthetic=True,
            ))

        with_achievements = [study_right for study_right in result if study_right.achievements]
        if len(with_achievements) < len(result):
            self.report.warn(self.location, gettext(
                "%(count)s study rights have no achievements and are left out, as in the national service"
            ) % {"count": len(result) - len(with_achievements)})
        return with_achievements

    # Which course units belong to which study right

    def belongs(self, unit, record, top=None, seen=None):
        seen = seen if seen is not None else set()
        if id(unit) in seen:
            return False
        seen.add(id(unit))
        own_keys = unit.study_right_key == record.key and unit.student_key == record.student_key
        top_keys = (
            top is None or not top.study_right_key
            or (top.study_right_key == record.key and top.student_key == record.student_key)
        )
        if own_keys and top_keys:
            return True
        return any(self.belongs(child, record, top or unit, seen) for child in self.children(unit, None))

    def children(self, unit, errors):
        """Return the units that `unit` includes; a missing or repeated key is noted in `errors` (VirtaVirhe)."""
        result = []
        for key in unit.included_keys:
            matches = self.units_by_key.get(key, [])
            if not matches:
                if errors is not None:
                    errors.append((format.ERROR_MISSING_KEY, key))
                continue
            if len(matches) > 1 and errors is not None:
                errors.append((format.ERROR_DUPLICATE, key))
            result.append(matches[0])
        return result

    # Study rights

    def study_right(self, record, own_units):
        where = record.location
        institution = self.institution(record.institutions, where)
        if institution is None:
            raise ImportProblem(where.child("Myontaja"), gettext("the study right names no awarding institution"))
        states = sorted(
            (self.state(state, record) for state in record.states), key=lambda period: period.start,
        )
        errors = []
        achievements = [
            achievement for unit in own_units if (achievement := self.achievement(unit, record, errors)) is not None
        ]
        achievements = self.arrange(record, achievements, states, institution)

        source_id = f"{record.key}.{record.student_key}" if record.key in self.duplicate_keys else record.key
        return format.HigherEducationStudyRight(
            source_id=source_id,
            institution=institution,
            achievements=achievements,
            periods=states,
            end_date=optional_date(record.end, where.child("LoppuPvm")),
            additional=self.additional_information(record, institution, states, own_units),
            classifications=self.classifications(
                [item for period in record.programme_periods for item in period.classifications],
                "virtaopiskeluoikeudenluokittelu", where,
            ),
            errors=list(dict.fromkeys(errors)),
        )

    def state(self, state, record):
        return format.Period(
            start=required_date(state.start, state.location.child("AlkuPvm")),
            state=self.references.require_code("virtaopiskeluoikeudentila", state.code, state.location.child("Koodi")),
            names=programme_name(record),
        )

    def arrange(self, record, achievements, states, institution):
        """Add the degree in progress or the "other studies" achievement that the study right's type calls for."""
        virta_type = self.virta_type(record)
        if virta_type.value not in DEGREE_TYPES:
            return self.with_other_studies(record, achievements, states, institution, None)

        periods = [
            (
                required_date(period.start, period.location.child("AlkuPvm")),
                self.references.require_code("koulutus", period.education_code, period.location.child("Koulutuskoodi")),
            )
            for period in record.programme_periods
            if period.education_code
        ]
        period_codes = {code.value for _start, code in periods}
        degrees = [item for item in achievements if isinstance(item, format.Degree)]
        if any(degree.qualification.value in period_codes for degree in degrees):
            return with_units_under_the_degree(achievements)
        if not periods:
            return self.with_other_studies(record, achievements, states, institution, None)

        qualification = max(periods, key=lambda period: period[0])[1]
        if states and states[-1].state.value in ENDED_STATES:
            return self.with_other_studies(record, achievements, states, institution, qualification)
        units = [item for item in achievements if isinstance(item, format.CourseUnit)]
        others = [item for item in achievements if not isinstance(item, format.CourseUnit)]
        in_progress = format.Degree(
            qualification=qualification, institution=institution, virta_names=programme_name(record), parts=units,
        )
        return [in_progress, *others]

    def with_other_studies(self, record, achievements, states, institution, qualification):
        """Return the achievements after a top-level achievement for the study right itself.

        That is an ended degree programme's degree, unverified unless the study right ended
        graduated, or else "other studies" named by the VIRTA type.
        """
        virta_type = self.virta_type(record)
        parts = []
        if virta_type.value in PARTS_UNDER_OTHER_STUDIES_TYPES:
            parts = [item for item in achievements if isinstance(item, format.CourseUnit)]
            achievements = [item for item in achievements if not isinstance(item, format.CourseUnit)]
        verification = None
        if states and states[-1].state.value == GRADUATED_STATE:
            verification = format.Verification(date=states[-1].start, institution=institution)

        if qualification is not None:
            first = format.Degree(
                qualification=qualification, institution=institution, virta_names=programme_name(record),
                verification=verification, parts=parts,
            )
        else:
            module_name = "".join(record.module_ids).strip().removeprefix("#").removesuffix("/").strip()
            names = programme_name(record) or ({"fi": module_name} if module_name else dict(virta_type.name))
            first = format.OtherStudies(
                kind=virta_type, names=names, institution=institution,
                scope=self.scope(record.scope, [], record.location), verification=verification, parts=parts,
            )
        return [first, *achievements]

    def virta_type(self, record):
        return self.references.require_code("virtaopiskeluoikeudentyyppi", record.type_code, record.location.child("Tyyppi"))

    def additional_information(self, record, institution, states, own_units):
        where = record.location
        qualifications = sorted({
            code
            for unit in own_units
            for code in unit.qualifications
            if len(code) == 2 and code.isalpha()
        })
        resolved = [self.references.require_code("virtapatevyys", code, where.child("Patevyys")) for code in qualifications]
        organiser_code = record.institutions.role(ORGANISER_ROLE)
        organiser = None
        if organiser_code and organiser_code != record.institutions.awarding:
            organiser = self.references.institution_by_number(organiser_code, where.child("Organisaatio"))
        return format.AdditionalInformation(
            virta_type=self.virta_type(record),
            primacy=[
                format.DatedValue(
                    start=required_date(item.start, where.child("Ensisijaisuus/AlkuPvm")),
                    end=optional_date(item.end, where.child("Ensisijaisuus/LoppuPvm")),
                )
                for item in record.primacy
            ],
            term_registrations=self.term_registrations(record, institution, states),
            organiser=organiser,
            tuition_fees=[
                format.DatedValue(
                    start=required_date(fee.start, where.child("LukuvuosiMaksu/AlkuPvm")),
                    end=optional_date(fee.end, where.child("LukuvuosiMaksu/LoppuPvm")),
                    value=optional_integer(fee.text, where.child("LukuvuosiMaksu/Summa")),
                )
                for fee in record.tuition_fees
            ],
            municipality_periods=sorted(
                (
                    format.DatedValue(
                        start=required_date(period.start, period.location.child("AlkuPvm")),
                        end=optional_date(period.end, period.location.child("LoppuPvm")),
                        value=self.references.require_code("kunta", period.municipality, period.location.child("Koulutuskunta")),
                    )
                    for period in record.programme_periods
                ),
                key=lambda period: period.start,
            ),
            pedagogical_studies=[code for code in resolved if code.value in PEDAGOGICAL_STUDIES],
            subject_studies=[code for code in resolved if code.value not in PEDAGOGICAL_STUDIES],
        )

    def term_registrations(self, record, institution, states):
        """Return the term registrations of the study right, by date.

        A registration belongs to it by its opiskeluoikeusAvain, or, without one, when it names
        the study right's institution number and overlaps a period in which the study right was
        active.
        """
        active = [
            (period.start, states[index + 1].start if index + 1 < len(states) else None)
            for index, period in enumerate(states)
            if period.state.value == ACTIVE_STATE
        ]
        number = institution.number.value if institution.number is not None else ""
        result = []
        for registration in self.registrations:
            where = registration.location
            start = required_date(registration.start, where.child("AlkuPvm"))
            end = optional_date(registration.end, where.child("LoppuPvm"))
            if registration.study_right_key:
                if (registration.study_right_key, registration.student_key) != (record.key, record.student_key):
                    continue
            else:
                codes = registration.institutions
                named = {codes.role(SOURCE_ROLE), codes.awarding, codes.role(MERGED_AWARDING_ROLE)} - {""}
                if not number or number not in named or not any(overlaps((start, end), period) for period in active):
                    continue
            result.append(self.term_registration(registration, start, end))
        return sorted(result, key=lambda item: item.start)

    def term_registration(self, registration, start, end):
        where = registration.location
        state = self.references.code("virtalukukausiilmtila", registration.state)
        if state is None:
            self.report.warn(where.child("Tila"), gettext(
                "term registration state %(value)s is not in code set virtalukukausiilmtila; it is stored as missing (4), as nationally"
            ) % {"value": registration.state or gettext("(empty)")})
            state = self.references.require_code("virtalukukausiilmtila", MISSING_REGISTRATION_STATE, where.child("Tila"))
        fee = registration.fee or {}
        return format.TermRegistration(
            start=start,
            end=end,
            state=state,
            student_union_member=optional_boolean(registration.student_union_member),
            health_fee_paid=optional_boolean(registration.health_fee_paid),
            fee_paid=optional_boolean(fee.get("Maksettu")),
            fee_amount=optional_integer(fee.get("Summa"), where.child("LukuvuosiMaksu/Summa")),
            fee_grant=optional_integer(fee.get("Apuraha"), where.child("LukuvuosiMaksu/Apuraha")),
        )

    # Achievements

    def achievement(self, unit, record, errors):
        if unit.kind == DEGREE_KIND:
            if not unit.education_code:
                self.report.warn(unit.location, gettext("a degree without an education code (Koulutuskoodi) is left out, as nationally"))
                return None
            return self.degree(unit, record, errors)
        if unit.kind == COURSE_UNIT_KIND:
            return self.course_unit(unit, errors)
        if unit.kind != IGNORED_KIND:
            self.report.warn(unit.location.child("Laji"), gettext("achievements of kind %(kind)s are left out, as nationally") % {
                "kind": unit.kind or gettext("(empty)"),
            })
        return None

    def degree(self, unit, record, errors):
        assessment = self.assessment(unit)
        institution = self.unit_institution(unit)
        return format.Degree(
            qualification=self.references.require_code("koulutus", unit.education_code, unit.location.child("Koulutuskoodi")),
            institution=institution,
            virta_names=programme_name(record) if record is not None else {},
            assessment=assessment,
            verification=format.Verification(assessment.date, institution) if assessment is not None else None,
            language=self.language(unit),
            parts=[self.course_unit(child, errors) for child in self.children(unit, errors)],
            recognition_date=optional_date(unit.institutions.recognition_date, unit.location.child("HyvaksilukuPvm")),
        )

    def course_unit(self, unit, errors):
        parts = [self.course_unit(child, errors) for child in self.children(unit, errors)]
        assessment = self.assessment(unit)
        institution = self.unit_institution(unit)
        return format.CourseUnit(
            code=unit.module_id,
            names=localised_names(unit.names) or {"fi": f"Suoritus: {unit.key}"},
            institution=institution,
            scope=self.scope(unit.scope, parts, unit.location),
            assessment=assessment,
            verification=format.Verification(assessment.date, institution) if assessment is not None else None,
            language=self.language(unit),
            classifications=self.classifications(unit.classifications, "virtaopsuorluokittelu", unit.location),
            parts=parts,
            recognition_date=optional_date(unit.institutions.recognition_date, unit.location.child("HyvaksilukuPvm")),
        )

    def unit_institution(self, unit):
        institution = self.institution(unit.institutions, unit.location)
        if institution is None:
            raise ImportProblem(unit.location.child("Myontaja"), gettext("the achievement names no awarding institution"))
        return institution

    def assessment(self, unit):
        """Return the unit's Assessment, or None when it has no grade or its own scale does not list it."""
        grade = unit.grade
        if grade is None:
            return None
        where = unit.location.child("Arvosana")
        if not grade.is_local:
            if not grade.value:
                return None
            code = self.references.code("virtaarvosana", grade.value)
            if code is None:
                raise ImportProblem(where, gettext("grade %(value)s is not in code set virtaarvosana") % {"value": grade.value})
            return format.Assessment(date=required_date(unit.date, unit.location.child("SuoritusPvm")), grade=code)

        listed = next((item for item in grade.local_grades if item[0] == grade.local_code), None)
        if listed is None:
            self.report.warn(where, gettext(
                "grade %(value)s of the institution's scale %(scale)s is not listed in the element; the unit is stored without a grade, as nationally"
            ) % {"value": grade.local_code or gettext("(empty)"), "scale": grade.local_scale or gettext("(unnamed)")})
            return None
        _key, code, name = listed
        return format.Assessment(
            date=required_date(unit.date, unit.location.child("SuoritusPvm")),
            local_value=code,
            local_names={"fi": name or code},
            local_scale=f"virta/{grade.local_scale}",
        )

    def language(self, unit):
        if not unit.language:
            return None
        code = self.references.code("kieli", unit.language.upper())
        if code is None:
            self.report.warn(unit.location.child("Kieli"), gettext(
                "language %(value)s is not in code set kieli; the language is left out, as nationally"
            ) % {"value": unit.language})
        return code

    def classifications(self, texts, code_set, location):
        result = []
        for text in texts:
            if not text:
                continue
            try:
                number = int(text)
            except ValueError:
                raise ImportProblem(location.child("Luokittelu"), gettext("classification %(value)s is not a number") % {
                    "value": text,
                }) from None
            if number > 0:
                result.append(self.references.require_code(code_set, text, location.child("Luokittelu")))
        return result

    def scope(self, scope, parts, location):
        """Return the scope in credits, else in study weeks, else the sum of the parts' scopes in credits."""
        credits = positive_number(scope.credits, location.child("Laajuus/Opintopiste"))
        weeks = positive_number(scope.study_weeks, location.child("Laajuus/Opintoviikko"))
        if credits is not None:
            return format.Scope(credits, self.references.require_code("opintojenlaajuusyksikko", CREDITS_UNIT, location))
        if weeks is not None:
            return format.Scope(weeks, self.references.require_code("opintojenlaajuusyksikko", STUDY_WEEKS_UNIT, location))
        values = [Decimal(str(part.scope.value)) for part in parts if part.scope is not None]
        if not values:
            return None
        total = sum(values).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return format.Scope(plain_number(total), self.references.require_code("opintojenlaajuusyksikko", CREDITS_UNIT, location))

    def institution(self, codes, location):
        """Return the Institution of a record, as the national service chooses among its institution codes."""
        if codes.transfer_student or codes.recognition_date:
            candidates = [codes.role(MERGED_AWARDING_ROLE), codes.awarding]
        else:
            candidates = [codes.role(SOURCE_ROLE), codes.role(MERGED_AWARDING_ROLE), codes.awarding]
        code = next((candidate for candidate in candidates if candidate), "")
        if not code:
            return None
        return self.references.institution_by_number(code, location.child("Myontaja" if code == codes.awarding else "Organisaatio"))


def with_units_under_the_degree(achievements):
    """Put the course units under the degree when the study right has one degree without parts, as nationally."""
    degrees = [item for item in achievements if isinstance(item, format.Degree)]
    units = [item for item in achievements if isinstance(item, format.CourseUnit)]
    if len(degrees) == 1 and not degrees[0].parts and units:
        degrees[0].parts = units
        return [degrees[0]]
    return achievements


def without_lab_duplicates(units):
    """Leave out LAB's course units whose key another institution's unit has (LAB repeats its predecessor's)."""
    other_keys = {unit.key for unit in units if unit.institutions.awarding != LAB_INSTITUTION_NUMBER}
    return [
        unit for unit in units
        if unit.institutions.awarding != LAB_INSTITUTION_NUMBER or unit.key not in other_keys
    ]


def programme_name(record):
    """Return the names of the latest programme period that has names (jaksonNimi), or {}."""
    if record is None:
        return {}
    dated = [(period.start, period.names) for period in record.programme_periods if localised_names(period.names)]
    if not dated:
        return {}
    return localised_names(max(dated, key=lambda item: item[0])[1])


def localised_names(names):
    """Return names as the national service reads them: Finnish, else any language, as fi; sv and en when given."""
    names = {language: text for language, text in names.items() if text}
    if not names:
        return {}
    result = {"fi": names.get("fi") or next(iter(names.values()))}
    for language in ("sv", "en"):
        if names.get(language):
            result[language] = names[language]
    return result


def overlaps(first, second):
    """Return whether two (start, end) periods share a day; an end of None is open."""
    def contains(period, day):
        return day >= period[0] and (period[1] is None or day <= period[1])

    return (
        contains(first, second[0]) or (second[1] is not None and contains(first, second[1]))
        or contains(second, first[0]) or (first[1] is not None and contains(second, first[1]))
    )


def required_date(text, location):
    day = _date(text)
    if day is None:
        raise ImportProblem(location, gettext("%(value)s is not a date in the form YYYY-MM-DD") % {
            "value": text or gettext("(empty)"),
        })
    return day


def optional_date(text, location):
    """Return the date of `text`, or None for an empty text or VIRTA's "no end date" 2112-12-21."""
    if not text or text == NO_END_DATE:
        return None
    return required_date(text, location)


def _date(text):
    if not text or not DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def positive_number(text, location):
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ImportProblem(location, gettext("%(value)s is not a number") % {"value": text}) from None
    return plain_number(value) if value > 0 else None


def plain_number(value):
    """Return a Decimal as an int when it is whole, else as a float, as JSON numbers."""
    return int(value) if value == value.to_integral_value() else float(value)


def optional_integer(text, location):
    if text is None or text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise ImportProblem(location, gettext("%(value)s is not a whole number") % {"value": text}) from None


def optional_boolean(text):
    """Return VIRTA's boolean text as a bool: 1 and true are true, anything else false; None when absent."""
    return None if text is None else text.lower() in TRUE_TEXTS
