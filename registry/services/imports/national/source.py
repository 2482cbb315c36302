"""The exported files of the national service: `DIR/*.json`, one learner each, and `DIR/historia/<study right OID>.jsonl`."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from ....transfer_format.national_history import NationalFormatError, parse_history_line
from ..problems import ImportFailed, ImportProblem, Location

HISTORY_FOLDER = "historia"


@dataclass
class LearnerFile:
    """One learner file: where it is and its JSON document, or the problem reading it."""

    location: Location
    document: object = None
    problem: ImportProblem | None = None


class NationalDirectory:
    """A folder of the national service's learners, with their study rights' histories in `historia/`."""

    def __init__(self, directory):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise ImportFailed(gettext("%(path)s: folder not found") % {"path": self.directory})

    def __str__(self):
        return str(self.directory)

    def learner_files(self):
        """Yield a LearnerFile for each `*.json` in the folder, in name order."""
        for path in sorted(self.directory.glob("*.json")):
            location = Location(path.name)
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                yield LearnerFile(location, problem=ImportProblem(location, gettext(
                    "the file is not valid JSON in UTF-8: %(error)s"
                ) % {"error": error}))
                continue
            yield LearnerFile(location, document=document)

    def history(self, study_right_oid):
        """Return (Location, HistoryLines in file order) of a study right, or (None, None) when it has no file.

        Raises ImportProblem for a file that cannot be read or a line that is not a version.
        """
        path = self.directory / HISTORY_FOLDER / f"{study_right_oid}.jsonl"
        if not path.is_file():
            return None, None
        location = Location(f"{HISTORY_FOLDER}/{path.name}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportProblem(location, gettext("cannot read the history: %(error)s") % {"error": error}) from None
        lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append(parse_history_line(json.loads(line), number))
            except json.JSONDecodeError as error:
                raise ImportProblem(location, gettext("line %(line)s is not valid JSON: %(error)s") % {
                    "line": number, "error": error.msg,
                }) from None
            except NationalFormatError as error:
                raise ImportProblem(location, str(error)) from None
        return location, lines
