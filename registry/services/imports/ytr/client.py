"""Sources of YTR's records: a directory of saved responses, or the examination board's register over HTTPS.

Both sources yield SourceRecords: a JSON document in one of the two shapes, and the identity
code that names its person, when the source gives one. A directory holds `oph-koski/<code>.json`,
`oph-registrydata/<code>.json` with later versions `<code>_<n>.json`, and `modifiedSince/`, which
lists identity codes to fetch again and holds no records. The endpoint is YTR's API at
TOR_YTR_URL with HTTP Basic credentials.
"""

import base64
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from ..problems import ImportFailed, ImportProblem, Location
from .parse import BULK_SHAPE, PER_PERSON_SHAPE, load_json, parse_identity_code_list

logger = logging.getLogger(__name__)

MODIFIED_SINCE_FOLDER = "modifiedSince"
# `<name>_<n>.json` is version n of the record `<name>.json`, which is version 0.
VERSIONED_NAME = re.compile(r"^(?P<name>.+?)(?:_(?P<version>\d+))?$")


@dataclass
class SourceRecord:
    """One record of YTR: its shape, where it is, its JSON (or the problem reading it), the code that names its person."""

    shape: str
    location: Location
    document: object = None
    problem: ImportProblem | None = None
    requested_identity_code: str = ""


class YtrDirectory:
    """Saved responses of YTR in `oph-koski/`, `oph-registrydata/` and `modifiedSince/` under `directory`."""

    def __init__(self, directory):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise ImportFailed(gettext("%(path)s: folder not found") % {"path": self.directory})
        if not any((self.directory / shape).is_dir() for shape in (PER_PERSON_SHAPE, BULK_SHAPE)):
            raise ImportFailed(gettext("%(path)s: none of the folders %(folders)s found") % {
                "path": self.directory, "folders": f"{PER_PERSON_SHAPE}, {BULK_SHAPE}",
            })
        self.superseded = []

    def __str__(self):
        return str(self.directory)

    def records(self):
        """Yield the SourceRecords: each per-person file, and the highest version of each bulk record."""
        for path in sorted((self.directory / PER_PERSON_SHAPE).glob("*.json")):
            # The file is named by the identity code the register asked about; that code names the person.
            yield self._record(PER_PERSON_SHAPE, path, requested_identity_code=path.stem)

        latest = {}
        for path in sorted((self.directory / BULK_SHAPE).glob("*.json")):
            match = VERSIONED_NAME.match(path.stem)
            version = int(match["version"] or 0)
            current = latest.get(match["name"])
            if current is None or version > current[0]:
                if current is not None:
                    self.superseded.append(current[1])
                latest[match["name"]] = (version, path)
            else:
                self.superseded.append(path)
        for _version, path in sorted(latest.values(), key=lambda item: item[1].name):
            yield self._record(BULK_SHAPE, path)

    def listed_identity_codes(self):
        """Return the identity codes that the files of `modifiedSince/` list, to fetch again from the endpoint."""
        codes = []
        for path in sorted((self.directory / MODIFIED_SINCE_FOLDER).glob("*.json")):
            location = Location(f"{MODIFIED_SINCE_FOLDER}/{path.name}")
            codes.extend(parse_identity_code_list(load_json(path.read_bytes(), location), location))
        return codes

    def _record(self, shape, path, requested_identity_code=""):
        location = Location(f"{shape}/{path.name}")
        try:
            document = load_json(path.read_bytes(), location)
        except ImportProblem as problem:
            return SourceRecord(shape, location, problem=problem, requested_identity_code=requested_identity_code)
        return SourceRecord(shape, location, document=document, requested_identity_code=requested_identity_code)


class YtrService:
    """YTR's register API: the identity codes changed since a date, and the bulk records of given codes."""

    def __init__(self, url=None, *, username=None, password=None, timeout=None, identity_codes=(), modified_since=None):
        self.url = (url or settings.TOR_YTR_URL).rstrip("/")
        if not self.url:
            raise ImportFailed(gettext("YTR's endpoint is not configured: set TOR_YTR_URL."))
        self.username = username if username is not None else settings.TOR_YTR_USERNAME
        self.password = password if password is not None else settings.TOR_YTR_PASSWORD
        self.timeout = timeout or settings.TOR_SOURCE_REGISTER_TIMEOUT
        self.identity_codes = list(identity_codes)
        self.modified_since = modified_since
        self.superseded = []

    def __str__(self):
        return self.url

    def records(self):
        """Yield the bulk records of the requested codes and of the codes changed since `modified_since`."""
        codes = list(self.identity_codes)
        if self.modified_since is not None:
            query = urllib.parse.urlencode({"modifiedSince": self.modified_since.isoformat()})
            location = Location(gettext("identity codes changed since %(date)s") % {"date": self.modified_since})
            codes.extend(parse_identity_code_list(self._get_json(f"/api/oph-registrydata/ssns?{query}", location), location))
        codes = list(dict.fromkeys(codes))
        if not codes:
            return
        location = Location(gettext("students of YTR"))
        body = {"ssns": [{"ssn": code, "previousSsns": []} for code in codes]}
        answer = self._send("POST", "/api/oph-registrydata/students", location, json.dumps(body).encode())
        if not isinstance(answer, list):
            raise ImportFailed(gettext("YTR's response is not a list of students."))
        for index, document in enumerate(answer):
            yield SourceRecord(BULK_SHAPE, Location(gettext("student %(number)s of YTR's response") % {"number": index + 1}), document=document)

    def _get_json(self, path, location):
        return self._send("GET", path, location)

    def _send(self, method, path, location, body=None):
        credentials = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            self.url + path, data=body, method=method,
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read()
        except urllib.error.HTTPError as error:
            logger.error("ytr_request_failed status=%s", error.code)
            raise ImportFailed(gettext("YTR's endpoint responded with status %(status)s. Check TOR_YTR_URL and the credentials.") % {"status": error.code}) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.error("ytr_request_failed error=%s", type(error).__name__)
            raise ImportFailed(gettext("YTR's endpoint did not respond: %(error)s") % {"error": error}) from error
        try:
            return load_json(data, location)
        except ImportProblem as problem:
            raise ImportFailed(str(problem)) from problem
