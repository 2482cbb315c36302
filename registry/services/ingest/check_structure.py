"""Step 2 of ingest: check the document's structure and read it into plain data."""

from dataclasses import dataclass

from ...errors import RegisterError
from ...transfer_format.reader import PersonData, read_person, read_study_rights
from ...transfer_format.structure import check_learner_document


@dataclass
class Submission:
    """A structurally valid learner document and what it says."""

    document: dict
    person: PersonData
    study_rights: list


def check_structure(document):
    """Return the Submission of `document`, or raise RegisterError listing every structural problem."""
    problems = check_learner_document(document)
    if problems:
        raise RegisterError(problems)
    return Submission(document=document, person=read_person(document), study_rights=read_study_rights(document))
