"""Read what the citizen pages show of a study right from its document, with English names."""

from dataclasses import dataclass, field

from .reader import parse_date


@dataclass
class PeriodView:
    start: object
    state_code: str
    state_name: dict


@dataclass
class StudyRightView:
    type_code: str
    type_name: dict
    institution_name: dict
    periods: list = field(default_factory=list)

    @property
    def current_state(self):
        return self.periods[-1] if self.periods else None


def study_right_view(document):
    study_right_type = document.get("tyyppi") or {}
    institution = document.get("oppilaitos") or document.get("koulutustoimija") or {}
    periods = [
        PeriodView(
            start=parse_date(period.get("alku")),
            state_code=(period.get("tila") or {}).get("koodiarvo", ""),
            state_name=(period.get("tila") or {}).get("nimi") or {},
        )
        for period in (document.get("tila") or {}).get("opiskeluoikeusjaksot") or []
    ]
    return StudyRightView(
        type_code=study_right_type.get("koodiarvo", ""),
        type_name=study_right_type.get("nimi") or {},
        institution_name=institution.get("nimi") or {},
        periods=periods,
    )
