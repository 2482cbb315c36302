"""Store the national service's sample documents, each as a demo learner of its own.

Several samples describe the same fictional person, so each sample's person gets a synthetic
identity code of its own and keeps the sample's names. A sample that names its learner by OID
alone gets that learner created first, with a new OID and a synthetic code, and is sent with
that OID, as a provider system does for a learner the register already holds.
"""

from pathlib import Path

from ...transfer_format.reader import PERSON, STUDY_RIGHTS, PersonData, read_person, read_study_rights
from ...transfer_format.structure import SUPPORTED_TYPES
from ..ingest.store import create_learner
from .identities import SyntheticIdentityCodes, birth_date_of
from .learners import is_loaded, learner_with_identity_code, read_document, store_demo_document
from .report import SkippedSample

# Names of a learner that a sample names by OID alone, and of a sample person sent without names.
DEFAULT_NAMES = ("Oili", "Oili", "Oidinen")


def storable_samples(directory, report):
    """Return (path, document) of each sample the register can store on its own, in file-name order.

    Skipped, with the reason in the report: samples with a study right of a type the register
    does not accept, and samples with a study right included in another provider's study right,
    which the demo does not hold.
    """
    samples = []
    for path in sorted(Path(directory).glob("*.json")):
        document = read_document(path)
        if not is_learner_document(document):
            report.skipped.append(SkippedSample(path.name, "not a learner document with opiskeluoikeudet"))
            continue
        study_rights = read_study_rights(document)
        unsupported = sorted({data.type for data in study_rights} - set(SUPPORTED_TYPES))
        if unsupported:
            report.skipped.append(SkippedSample(path.name, f"type {', '.join(unsupported)} is not accepted"))
        elif any(data.parent_study_right_oid for data in study_rights):
            report.skipped.append(SkippedSample(path.name, "included in another provider's study right"))
        else:
            samples.append((path, document))
    return samples


def is_learner_document(document):
    study_rights = document.get(STUDY_RIGHTS) if isinstance(document, dict) else None
    return isinstance(study_rights, list) and all(isinstance(study_right, dict) for study_right in study_rights)


def store_samples(directory, administrator, report, progress=None):
    """Store every storable sample under `directory` as its own learner, unless an earlier load stored it."""
    samples = storable_samples(directory, report)
    codes = SyntheticIdentityCodes()
    for index, (path, document) in enumerate(samples, start=1):
        person = read_person(document)
        # Codes are handed out in file-name order for every sample, stored before or not, so each
        # sample gets the same code on every load.
        identity_code = codes.code_for(path.name, birth_date_of(person.identity_code))
        learner = learner_with_identity_code(identity_code)

        if is_loaded(learner):
            report.learners_present += 1
            report.learner_oids.append(learner.oid)
            status = "already loaded"
        else:
            if person.oid and not person.identity_code:
                build = _naming_learner_by_oid(document, identity_code, learner)
            else:
                build = _naming_new_learner(document, person, identity_code)
            stored = store_demo_document(path.name, build, administrator, report)
            status = "stored" if stored else "rejected"
        if progress:
            progress(f"samples {index}/{len(samples)}: {path.name} {status}")


def _naming_new_learner(document, person, identity_code):
    def build():
        return {**document, PERSON: person_with_identity_code(person, identity_code)}

    return build


def _naming_learner_by_oid(document, identity_code, learner):
    def build():
        known = learner
        if known is None:
            first_names, calling_name, last_name = DEFAULT_NAMES
            known = create_learner(PersonData(
                path=PERSON, identity_code=identity_code,
                first_names=first_names, calling_name=calling_name, last_name=last_name,
            ))
        return {**document, PERSON: {"oid": known.oid}}

    return build


def person_with_identity_code(person, identity_code):
    """Return the `henkilö` of a new learner: the synthetic code and the sample's names."""
    first_names, calling_name, last_name = DEFAULT_NAMES
    # NOTE: these are the transfer format's person keys; the format's modules have no writer
    # for an incoming person yet.
    return {
        "hetu": identity_code,
        "etunimet": person.first_names or first_names,
        "kutsumanimi": person.calling_name or person.first_names or calling_name,
        "sukunimi": person.last_name or last_name,
    }
