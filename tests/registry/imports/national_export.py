"""Folders in the national service's export format, built from the samples for the import tests.

Each learner gets an OID, each study right an OID, and a synthetic history of three versions:
version 1 adds the study right without achievements, version 2 has the achievements without
their parts and only the first period, and version 3 is the sample as it is.
"""

import copy
import json

import jsonpatch

from registry.middleware import system_audit_scope
from registry.oids import LEARNER_NODE, STUDY_RIGHT_NODE, generate_oid
from registry.services.imports.national.run import import_national
from registry.services.imports.national.source import NationalDirectory
from registry.transfer_format.writer import without_register_fields
from tests import samples
from tests.factories import synthetic_identity_code

TIMESTAMPS = ("2019-08-01T09:15:00", "2021-03-15T14:05:33.123456", "2024-06-01T12:00:00")


def run_national(directory):
    with system_audit_scope("test_import_national"):
        return import_national(NationalDirectory(directory))


def three_versions(final):
    """Return three distinct documents that end with `final`, oldest first."""
    first = copy.deepcopy(final)
    first["suoritukset"] = []
    second = copy.deepcopy(final)
    for achievement in second.get("suoritukset") or []:
        achievement.pop("osasuoritukset", None)
        achievement.pop("vahvistus", None)
    periods = (second.get("tila") or {}).get("opiskeluoikeusjaksot")
    if isinstance(periods, list) and len(periods) > 1:
        second["tila"]["opiskeluoikeusjaksot"] = periods[:1]
    if second in (first, final):
        second["arvioituPäättymispäivä"] = "2030-05-31"
    return [first, second, final]


def history_lines(documents, timestamps=TIMESTAMPS):
    """Return the JSON lines of a history whose versions are `documents`, numbered from 1."""
    lines, previous = [], None
    for number, (document, timestamp) in enumerate(zip(documents, timestamps), start=1):
        patch = [{"op": "add", "path": "", "value": document}] if previous is None else jsonpatch.make_patch(previous, document).patch
        lines.append(json.dumps({"versionumero": number, "aikaleima": timestamp, "muutos": patch}, ensure_ascii=False))
        previous = document
    return lines


class NationalExport:
    """A folder of learner files with `historia/` beside them; `versions[oid]` lists each study right's documents."""

    def __init__(self, path):
        self.path = path
        (path / "historia").mkdir(parents=True, exist_ok=True)
        self.versions = {}
        self.learners = {}

    def add_sample(self, name, *, with_history=True):
        """Write sample `name` as a learner of its own; return the learner file's document."""
        document = samples.load(name)
        person = document["henkilö"]
        learner_oid = generate_oid(LEARNER_NODE)
        document["henkilö"] = {
            "oid": learner_oid,
            "hetu": synthetic_identity_code(),
            "etunimet": person.get("etunimet") or "Oili",
            "kutsumanimi": person.get("kutsumanimi") or "Oili",
            "sukunimi": person.get("sukunimi") or "Oidinen",
        }
        for study_right in document["opiskeluoikeudet"]:
            oid = generate_oid(STUDY_RIGHT_NODE)
            final = without_register_fields(study_right)
            study_right.clear()
            study_right.update({"oid": oid, "versionumero": 3 if with_history else 1, "aikaleima": TIMESTAMPS[-1], **final})
            if with_history:
                self.versions[oid] = three_versions(final)
                self.write_history(oid, history_lines(self.versions[oid]))
            else:
                self.versions[oid] = [final]
        self.learners[learner_oid] = document
        self.write(f"{name}", document)
        return document

    def write(self, name, document):
        (self.path / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    def write_history(self, oid, lines):
        (self.path / "historia" / f"{oid}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
