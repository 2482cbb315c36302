"""Load qualification descriptions (tutkinnon perusteet) from ePerusteet's JSON format.

Each file is one description. Files that are not descriptions (search-result pages, badge
lists) are skipped and reported. The pair (ePerusteet id, diary number) identifies a description,
because one diary number can have several descriptions with different validity periods.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ...models import QualificationDescription, QualificationUnit
from .common import HELSINKI, ReferenceDataError, date_from_millis, names, read_json
from .report import LoadReport, sync_rows

DESCRIPTION_FIELDS = [
    "name", "education_type", "qualification_codes", "valid_from", "valid_to", "transition_ends",
    "competence_areas", "titles", "completion_methods", "source_modified_at",
]
UNIT_FIELDS = ["name", "scope", "scope_unit", "mandatory", "competence_requirements", "assessment", "sub_areas"]


def load_qualification_descriptions(directory, progress=None):
    """Load every description file under `directory` (the `eperusteet` folder); return LoadReports."""
    files = sorted(Path(directory).glob("*.json"))
    description_report, unit_report = LoadReport("qualification descriptions"), LoadReport("qualification units")
    for index, path in enumerate(files, start=1):
        document = read_json(path)
        if not is_description(document):
            description_report.skipped.append(f"{path.name}: not a qualification description")
            continue
        load_description(document, path, description_report, unit_report)
        if progress and (index % 10 == 0 or index == len(files)):
            progress(f"qualification descriptions {index}/{len(files)}")
    return [description_report, unit_report]


def is_description(document):
    return isinstance(document, dict) and "diaarinumero" in document and "id" in document


@transaction.atomic
def load_description(document, path, description_report, unit_report):
    diary_number = document.get("diaarinumero")
    if not isinstance(diary_number, str) or not diary_number:
        raise ReferenceDataError(f"{path}: the description has no diaarinumero")
    units_by_id = {str(unit.get("id")): unit for unit in document.get("tutkinnonOsat") or []}
    methods = [completion_method(method, units_by_id) for method in document.get("suoritustavat") or []]

    description = QualificationDescription(
        eperusteet_id=document["id"],
        diary_number=diary_number,
        name=names(document.get("nimi")),
        education_type=document.get("koulutustyyppi") or "",
        qualification_codes=[
            entry["koulutuskoodiArvo"] for entry in document.get("koulutukset") or [] if entry.get("koulutuskoodiArvo")
        ],
        valid_from=date_from_millis(document.get("voimassaoloAlkaa")),
        valid_to=date_from_millis(document.get("voimassaoloLoppuu")),
        transition_ends=date_from_millis(document.get("siirtymaPaattyy")),
        competence_areas=[
            {"code": area.get("arvo"), "name": names(area.get("nimi"))}
            for area in document.get("osaamisalat") or []
            if area.get("arvo")
        ],
        titles=[
            {
                "code": title.get("tutkintonimikeArvo"),
                "unit_code": title.get("tutkinnonOsaArvo") or "",
                "competence_area": title.get("osaamisalaArvo") or "",
            }
            for title in document.get("tutkintonimikkeet") or []
            if title.get("tutkintonimikeArvo")
        ],
        completion_methods=[method for method, _units in methods],
        source_modified_at=_timestamp(document.get("muokattu")),
    )
    key = (description.eperusteet_id, diary_number)
    existing = {
        (row.eperusteet_id, row.diary_number): row
        for row in QualificationDescription.objects.filter(eperusteet_id=description.eperusteet_id, diary_number=diary_number)
    }
    ended_before = {key: _has_ended(row.valid_to) for key, row in existing.items()}
    saved = sync_rows(QualificationDescription, existing, {key: description}, DESCRIPTION_FIELDS, description_report)[key]
    # A description whose validity this load ends counts as retired; records under it stay valid as they were.
    if key in ended_before and not ended_before[key] and _has_ended(saved.valid_to):
        description_report.retired += 1

    units = {}
    for _method, method_units in methods:
        for code, unit in method_units.items():
            units.setdefault(code, unit)
    for unit in units.values():
        unit.description = saved
    existing_units = {unit.code: unit for unit in QualificationUnit.objects.filter(description=saved)}
    sync_rows(QualificationUnit, existing_units, units, UNIT_FIELDS, unit_report)
    removed = set(existing_units) - set(units)
    if removed:
        QualificationUnit.objects.filter(description=saved, code__in=removed).delete()
        unit_report.retired += len(removed)


def _has_ended(valid_to):
    return valid_to is not None and valid_to < timezone.localdate()


def completion_method(method, units_by_id):
    """Return (summary, units by code) of one completion method (suoritustapa) and its structure."""
    references = {str(reference.get("id")): reference for reference in method.get("tutkinnonOsaViitteet") or []}
    units = {}
    for reference in references.values():
        source = units_by_id.get(str(reference.get("_tutkinnonOsa")))
        if source is None:
            continue
        unit = unit_from_source(source, reference, method.get("laajuusYksikko"))
        if unit.code:
            units[unit.code] = unit

    groups = []
    structure = method.get("rakenne")
    if isinstance(structure, dict):
        collect_groups(structure, (), references, units_by_id, units, groups)
    summary = {
        "code": method.get("suoritustapakoodi") or "",
        "scope_unit": (method.get("laajuusYksikko") or "").lower(),
        "groups": groups,
    }
    return summary, units


def collect_groups(node, title_path, references, units_by_id, units, groups):
    """Append each group of the structure with the codes of the units directly in it."""
    title = names(node.get("nimi"))
    path = (*title_path, title) if title else title_path
    unit_codes = []
    for child in node.get("osat") or []:
        reference = references.get(str(child.get("_tutkinnonOsaViite")))
        if reference is not None:
            source = units_by_id.get(str(reference.get("_tutkinnonOsa")))
            code = unit_code(source) if source else ""
            if code:
                unit_codes.append(code)
                if code in units and child.get("pakollinen") is not None:
                    units[code].mandatory = bool(child["pakollinen"])
        elif isinstance(child, dict) and "osat" in child:
            collect_groups(child, path, references, units_by_id, units, groups)
    if unit_codes:
        groups.append({"name": list(path), "unit_codes": unit_codes})


def unit_code(source):
    return source.get("koodiArvo") or (source.get("koodi") or {}).get("arvo") or ""


def unit_from_source(source, reference, scope_unit):
    scope = reference.get("laajuus")
    return QualificationUnit(
        code=unit_code(source),
        name=names(source.get("nimi")),
        scope=None if scope is None else round(float(scope), 2),
        scope_unit=(scope_unit or "").lower(),
        mandatory=None,
        competence_requirements=competence_requirements(source),
        assessment={},
        sub_areas=[
            {"code": (area.get("koodi") or {}).get("arvo") or area.get("koodiArvo") or "", "name": names(area.get("nimi"))}
            for area in source.get("osaAlueet") or []
        ],
    )


def competence_requirements(source):
    """Return the unit's competence requirements: structured (2019 format) or the older HTML text by language."""
    structured = source.get("ammattitaitovaatimukset2019")
    if isinstance(structured, dict):
        return {
            "subject": names(structured.get("kohde")),
            "requirements": [names(item.get("vaatimus")) for item in structured.get("vaatimukset") or []],
            "areas": [
                {
                    "title": names(area.get("kuvaus")),
                    "requirements": [names(item.get("vaatimus")) for item in area.get("vaatimukset") or []],
                }
                for area in structured.get("kohdealueet") or []
            ],
        }
    text = source.get("ammattitaitovaatimukset")
    if isinstance(text, dict) and names(text):
        return {"html": names(text)}
    return {}


def _timestamp(millis):
    if millis is None:
        return None
    return datetime.datetime.fromtimestamp(millis / 1000, tz=HELSINKI)
