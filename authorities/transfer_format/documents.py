"""Write the disclosure API's responses and the lines of bulk dataset files with the format's Finnish keys."""

import csv
import json

from registry.fast_json import dumps
from registry.transfer_format.writer import format_timestamp

from .paths import PERSON, STUDY_RIGHTS
from .requests import DIMENSION_NAMES, SUBJECT_NAMES

CSV_HEADER = ("oppijaOid", "opiskeluoikeusOid", "polku", "arvo")
CONTENT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}
FILE_SUFFIXES = {"jsonl": "jsonl", "csv": "csv"}


def lookup_document(found, not_found_positions):
    """Return the lookup answer: each found learner's document with the request position it answers, and the positions not found."""
    return {
        "oppijat": [{"haku": position, **document} for position, document in found],
        "eiLöytyneet": sorted(not_found_positions),
    }


def feed_document(page):
    """Return a change-feed page: its changes in feed order, the changed learners now, the next cursor and whether more wait."""
    return {
        "muutokset": [
            {
                "opiskeluoikeusOid": change.version.study_right.oid,
                "versionumero": change.version.version,
                "aikaleima": format_timestamp(change.version.created_at),
                "oppijaOid": change.learner_oid,
                "mitätöity": change.version.study_right.invalidated,
            }
            for change in page.changes
        ],
        "oppijat": [item.document for item in page.learners],
        "kursori": page.cursor.encode(),
        "lisää": page.more,
    }


def dataset_document(dataset, download=None):
    """Return a bulk dataset's status; `download` is (url, expires_at) of the file's link when it is ready."""
    document = {
        "id": dataset.pk,
        "tila": dataset.status,
        "muoto": dataset.format,
        "pyydetty": format_timestamp(dataset.created_at),
        "edistyminen": {
            "oppijoitaKaikkiaan": dataset.learners_total,
            "oppijoitaKäsitelty": dataset.learners_done,
            "opiskeluoikeuksiaKirjoitettu": dataset.study_rights_done,
        },
    }
    if dataset.started_at:
        document["aloitettu"] = format_timestamp(dataset.started_at)
    if dataset.finished_at:
        document["valmistunut"] = format_timestamp(dataset.finished_at)
    if dataset.expires_at:
        document["vanhenee"] = format_timestamp(dataset.expires_at)
    if dataset.error_key:
        document["virhe"] = dataset.error_key
    if download is not None:
        url, link_expires_at = download
        document["tiedosto"] = {
            "osoite": url,
            "osoiteVanhenee": format_timestamp(link_expires_at),
            "koko": dataset.file_size,
            "sha256": dataset.sha256,
            "oppijoita": dataset.disclosure.learner_count if dataset.disclosure else 0,
        }
    return document


def dataset_list_document(datasets):
    return [dataset_document(dataset) for dataset in datasets]


def aggregate_document(subject, dimensions, cells, threshold):
    """Return aggregate counts: one cell per combination of the dimensions, withheld cells without a count."""
    names = [DIMENSION_NAMES[name] for name in dimensions]
    return {
        "aihe": SUBJECT_NAMES[subject],
        "ryhmittely": names,
        "pieninJulkaistavaMäärä": threshold,
        "solut": [
            {
                **dict(zip(names, cell.values)),
                "määrä": cell.count,
                **({"salattu": True} if cell.suppressed else {}),
            }
            for cell in cells
        ],
    }


class JsonLinesWriter:
    """Write one learner document per line, UTF-8 JSON without spaces."""

    def __init__(self, stream):
        self.stream = stream

    def write_header(self):
        pass

    def write(self, document):
        self.stream.write(dumps(document).decode())
        self.stream.write("\n")


class CsvWriter:
    """Write every scalar of a learner document as one row: learner OID, study right OID, JSON path and value.

    The path names list items by index, as `opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[1].alku`.
    Strings are written as they are, numbers and booleans in their JSON form, nulls as empty.
    """

    def __init__(self, stream):
        self.writer = csv.writer(stream, lineterminator="\r\n")

    def write_header(self):
        self.writer.writerow(CSV_HEADER)

    def write(self, document):
        learner_oid = (document.get(PERSON) or {}).get("oid", "")
        for key, value in document.items():
            if key == STUDY_RIGHTS and isinstance(value, list):
                for index, study_right in enumerate(value):
                    study_right_oid = study_right.get("oid", "") if isinstance(study_right, dict) else ""
                    self._rows(learner_oid, study_right_oid, f"{key}[{index}]", study_right)
            else:
                self._rows(learner_oid, "", key, value)

    def _rows(self, learner_oid, study_right_oid, path, value):
        if isinstance(value, dict):
            for key, item in value.items():
                self._rows(learner_oid, study_right_oid, f"{path}.{key}", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._rows(learner_oid, study_right_oid, f"{path}[{index}]", item)
        else:
            self.writer.writerow((learner_oid, study_right_oid, path, _csv_value(value)))


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)


WRITERS = {"jsonl": JsonLinesWriter, "csv": CsvWriter}
