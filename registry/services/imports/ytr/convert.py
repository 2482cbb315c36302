"""Turn YTR's records into matriculation examination study rights, as the national service does.

The rules follow the national service's converters of the two shapes (YtrOppijaConverter and
YtrDownloadOppijaConverter in Opetushallitus/koski at the revision the register's schema comes from):

- Per-person shape: the certificate school is the institution and the unit, else the board is
  the unit. Exams are ordered by examination period, newest first, then by exam code.
- Bulk shape: the board is the institution and the unit; a graduation date adds a period in state
  valmistunut; each examination is kept in lisätiedot with its periods, and its exams are parts
  that name the examination by its index; only the examination state "graduated" is kept,
  because YTR's other states are not reliable.
- Both: the graduation date is the verification, in Helsinki, by the board.

Where the register differs: a school OID that the organisation data lacks is kept as given
instead of being left out, and an unknown exam code, grade or other code rejects the person
instead of dropping the exam.
"""

from django.utils.translation import gettext

from ....transfer_format import matriculation as format
from ..problems import ImportProblem

# Verifications of the matriculation examination are made in Helsinki (code 091 of code set kunta).
PLACE_OF_VERIFICATION = "091"
GRADUATED_EXAMINATION_STATE = "graduated"


def per_person_study_right(record, references):
    """Return the MatriculationStudyRight of a per-person (oph-koski) record."""
    board = references.matriculation_board()
    school = None
    if record.school_oid and record.school_oid != board.oid:
        school = references.institution_by_oid(record.school_oid)
    exams = [
        format.Exam(
            exam=references.require_code("koskiyokokeet", exam.exam_id, exam.location.child("examId")),
            period=checked_period(exam.period, exam.location.child("period")),
            grade=grade(exam.grade, exam.location, references),
            points=exam.points,
            on_certificate=exam.on_certificate,
        )
        for exam in record.exams
    ]
    # Newest period first, then by exam code.
    exams.sort(key=lambda exam: exam.exam.value)
    exams.sort(key=lambda exam: exam.period, reverse=True)
    return format.MatriculationStudyRight(
        board=board,
        unit=school or board,
        institution=school,
        graduation_date=record.graduation_date,
        mandatory_exams_completed=record.mandatory_exams_completed,
        exams=exams,
        place_of_verification=references.fixed_code("kunta", PLACE_OF_VERIFICATION),
    )


def bulk_study_right(record, references):
    """Return the MatriculationStudyRight of a bulk (oph-registrydata) record."""
    board = references.matriculation_board()
    certificate_school = None
    if record.school_oid and record.certificate_date is not None:
        certificate_school = references.institution_by_oid(record.school_oid)

    examinations = []
    exams = []
    for index, examination in enumerate(record.examinations):
        where = examination.location
        state = None
        if examination.state:
            state = references.require_code("ytrtutkintokokonaisuudentila", examination.state, where.child("examinationState"))
            state = state if state.value == GRADUATED_EXAMINATION_STATE else None
        periods = []
        for period in examination.periods:
            periods.append(format.ExaminationPeriod(
                period=checked_period(period.period, period.location.child("examinationPeriod")),
                education=references.require_code(
                    "ytrkoulutustausta", str(period.education), period.location.child("education"),
                ) if period.education is not None else None,
                school=references.institution_by_oid(period.school_oid) if period.school_oid else None,
            ))
            exams.extend(
                format.Exam(
                    exam=references.require_code("koskiyokokeet", exam.exam_id, exam.location.child("examId")),
                    period=period.period,
                    grade=grade(exam.grade, exam.location, references),
                    points=exam.points,
                    examination_index=index,
                    aborted=exam.aborted,
                    free_of_charge=exam.free_of_charge,
                    on_certificate=exam.on_certificate,
                )
                for exam in period.exams
            )
        examinations.append(format.Examination(
            index=index,
            kind=references.require_code("ytrtutkintokokonaisuudentyyppi", examination.kind, where.child("examinationType")),
            state=state,
            language=references.require_code("kieli", examination.language.upper(), where.child("language")),
            periods=periods,
            earlier_exams=[
                (
                    references.require_code("koskiyokokeet", exam_id, location.child("examId")),
                    checked_period(period, location.child("examinationPeriod")),
                )
                for location, exam_id, period in examination.included_exams
            ],
        ))

    return format.MatriculationStudyRight(
        board=board,
        unit=board,
        institution=board,
        graduation_date=record.graduation_date,
        graduated_period=True,
        certificate_school=certificate_school,
        mandatory_exams_completed=bool(record.mandatory_exams_completed),
        exams=exams,
        examinations=examinations,
        place_of_verification=references.fixed_code("kunta", PLACE_OF_VERIFICATION),
    )


def grade(value, location, references):
    """Return the CodeValue of a grade of code set koskiyoarvosanat (L E M C B A I, and I+ I- I= on older exams)."""
    if value is None:
        return None
    code = references.code("koskiyoarvosanat", value)
    if code is None:
        raise ImportProblem(location.child("grade"), gettext("grade %(value)s is not in code set koskiyoarvosanat") % {"value": value})
    return code


def checked_period(text, location):
    if format.parse_examination_period(text) is None:
        raise ImportProblem(location, gettext(
            "%(value)s is not an examination period: use the year and K (spring) or S (autumn), such as 2012K"
        ) % {"value": text or gettext("(empty)")})
    return text
