"""Rebuild a study right's versions from the national service's history and check them against its current document."""

import copy
from dataclasses import dataclass

import jsonpatch
from django.utils.translation import gettext

from ....transfer_format.national_history import (
    adds_whole_document,
    parse_timestamp,
    shape_problems,
    whole_document_patch,
    without_computed_fields,
)
from ...ingest.store import ImportedVersion
from ..problems import ImportProblem


@dataclass
class RebuiltVersion:
    """One version of the chain: its number, aikaleima text and patch as the source wrote them, and its document."""

    imported: ImportedVersion
    document: dict

    @property
    def number(self):
        return self.imported.number

    @property
    def moment(self):
        """The naive local time of the version."""
        return parse_timestamp(self.imported.timestamp_text)


def rebuild_chain(study_right, lines, location):
    """Return the RebuiltVersions of a NationalStudyRight, oldest first.

    Without history lines the current document is the only version, numbered as given. With
    them, the versions must be consecutive, the first must add the whole document, the last
    must be the current version with its aikaleima, and the patches must rebuild the current
    document, apart from fields the national service computes on reading. Raises ImportProblem
    at `location` otherwise.
    """
    if not lines:
        check_shape(study_right.version, study_right.document, location)
        return [RebuiltVersion(
            ImportedVersion(study_right.version, study_right.timestamp_text, whole_document_patch(study_right.document)),
            copy.deepcopy(study_right.document),
        )]

    lines = sorted(lines, key=lambda line: line.number)
    numbers = [line.number for line in lines]
    expected = list(range(numbers[0], numbers[0] + len(numbers)))
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers)) or numbers
        raise ImportProblem(location, gettext(
            "the versions are not consecutive: %(numbers)s is missing or repeated"
        ) % {"numbers": ", ".join(str(number) for number in missing)})
    if not adds_whole_document(lines[0].patch):
        raise ImportProblem(location, gettext(
            "version %(number)s is the first in the history but does not add the whole document"
        ) % {"number": lines[0].number})

    versions = []
    document = None
    for line in lines:
        try:
            document = jsonpatch.apply_patch(document, line.patch) if document is not None else copy.deepcopy(line.patch[0]["value"])
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError, KeyError) as error:
            raise ImportProblem(location, gettext("the change of version %(number)s does not apply: %(error)s") % {
                "number": line.number, "error": error,
            }) from None
        if not isinstance(document, dict):
            raise ImportProblem(location, gettext("version %(number)s is not a JSON object") % {"number": line.number})
        check_shape(line.number, document, location)
        versions.append(RebuiltVersion(ImportedVersion(line.number, line.timestamp_text, line.patch), document))

    last = lines[-1]
    if last.number != study_right.version:
        raise ImportProblem(location, gettext(
            "the history ends at version %(last)s, but the study right is at version %(version)s"
        ) % {"last": last.number, "version": study_right.version})
    if last.timestamp_text != study_right.timestamp_text:
        raise ImportProblem(location, gettext(
            "the last version has aikaleima %(history)s, but the study right has %(current)s"
        ) % {"history": last.timestamp_text, "current": study_right.timestamp_text})
    if without_computed_fields(versions[-1].document) != without_computed_fields(study_right.document):
        raise ImportProblem(location, gettext(
            "the history does not rebuild the study right's current document; export both again"
        ))
    return versions


def check_shape(number, document, location):
    """Raise ImportProblem when version `number` has parts whose JSON type the register cannot read."""
    problems = shape_problems(document)
    if problems:
        raise ImportProblem(location, gettext("version %(number)s cannot be read: %(problems)s") % {
            "number": number, "problems": "; ".join(problems),
        })

