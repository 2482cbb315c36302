"""Sources of VIRTA's responses: a directory of saved responses, or VIRTA's SOAP endpoint.

Both sources return (name, bytes) pairs of study-record responses, and the personal-data
responses of a person. A directory contains one study-record response per file in `opintotiedot/`
and personal-data responses in `henkilotiedot/` beside it. The endpoint is VIRTA's
OpiskelijanTiedot SOAP service (settings TOR_VIRTA_URL and the caller's system, user and key).
"""

import logging
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from ..problems import ImportFailed

logger = logging.getLogger(__name__)

REQUEST_NAMESPACE = "http://tietovaranto.csc.fi/luku"
SOAP_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/"
PERSONAL_DATA_FOLDER = "henkilotiedot"


class VirtaDirectory:
    """Saved VIRTA responses: `directory` contains study-record files, and `henkilotiedot/` beside it personal data."""

    def __init__(self, directory):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise ImportFailed(gettext("%(path)s: folder not found") % {"path": self.directory})
        self.personal_data_directory = self.directory.parent / PERSONAL_DATA_FOLDER

    def __str__(self):
        return str(self.directory)

    def study_records(self):
        """Yield (file name, bytes) of each XML file, in name order: a later file wins for the same study right."""
        for path in sorted(self.directory.glob("*.xml")):
            yield path.name, path.read_bytes()

    def personal_data(self, identity_code, institution_numbers):
        """Yield (file name, bytes) of the personal-data file of the identity code, `henkilotiedot/<code>.xml`, if any."""
        path = self.personal_data_directory / f"{identity_code}.xml"
        if path.is_file():
            yield f"{PERSONAL_DATA_FOLDER}/{path.name}", path.read_bytes()


class VirtaService:
    """VIRTA's SOAP endpoint: one request per learner OID or identity code."""

    def __init__(self, url=None, *, system=None, user=None, key=None, timeout=None, identity_codes=(), oids=()):
        self.url = url or settings.TOR_VIRTA_URL
        if not self.url:
            raise ImportFailed(gettext("VIRTA's endpoint is not configured: set TOR_VIRTA_URL."))
        self.system = system if system is not None else settings.TOR_VIRTA_SYSTEM
        self.user = user if user is not None else settings.TOR_VIRTA_USER
        self.key = key if key is not None else settings.TOR_VIRTA_KEY
        self.timeout = timeout or settings.TOR_SOURCE_REGISTER_TIMEOUT
        self.identity_codes = list(identity_codes)
        self.oids = list(oids)

    def __str__(self):
        return self.url

    def study_records(self):
        """Yield (name, bytes) of the study-record response of each requested learner.

        The name never shows an identity code: it is the learner OID, or the position of the code in the request list.
        """
        for oid in self.oids:
            yield oid, self._post(self._request("OpiskelijanKaikkiTiedotRequest", kansallinenOppijanumero=oid))
        for index, code in enumerate(self.identity_codes, start=1):
            yield gettext("identity code %(number)s") % {"number": index}, self._post(
                self._request("OpiskelijanKaikkiTiedotRequest", henkilotunnus=code),
            )

    def personal_data(self, identity_code, institution_numbers):
        """Yield (name, bytes) of the personal-data response of the person at each of their institutions."""
        for number in institution_numbers:
            yield gettext("personal data at institution %(number)s") % {"number": number}, self._post(
                self._request("OpiskelijanTiedotRequest", henkilotunnus=identity_code, organisaatio=number),
            )

    def _request(self, operation, **criteria):
        envelope = ElementTree.Element(f"{{{SOAP_NAMESPACE}}}Envelope")
        body = ElementTree.SubElement(envelope, f"{{{SOAP_NAMESPACE}}}Body")
        request = ElementTree.SubElement(body, f"{{{REQUEST_NAMESPACE}}}{operation}")
        caller = ElementTree.SubElement(request, f"{{{REQUEST_NAMESPACE}}}Kutsuja")
        for name, value in (("jarjestelma", self.system), ("tunnus", self.user), ("avain", self.key)):
            ElementTree.SubElement(caller, f"{{{REQUEST_NAMESPACE}}}{name}").text = value
        conditions = ElementTree.SubElement(request, f"{{{REQUEST_NAMESPACE}}}Hakuehdot")
        for name, value in criteria.items():
            ElementTree.SubElement(conditions, f"{{{REQUEST_NAMESPACE}}}{name}").text = value
        return ElementTree.tostring(envelope, encoding="utf-8", xml_declaration=True)

    def _post(self, body):
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "text/xml; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            # SOAP reports a fault about one request with status 500 and the fault in the body,
            # which the parser turns into a problem of that record.
            if error.code == 500:
                return error.read()
            logger.error("virta_request_failed status=%s", error.code)
            raise ImportFailed(gettext("VIRTA's endpoint responded with status %(status)s. Check TOR_VIRTA_URL and the caller's system, user and key.") % {"status": error.code}) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.error("virta_request_failed error=%s", type(error).__name__)
            raise ImportFailed(gettext("VIRTA's endpoint did not respond: %(error)s") % {"error": error}) from error
