"""The endpoint clients against a stand-in server on 127.0.0.1: the requests they send and the imports they feed."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from registry import identity_codes
from registry.middleware import system_audit_scope
from registry.models import Learner, StudyRight
from registry.services.imports.problems import ImportFailed
from registry.services.imports.virta.client import VirtaService
from registry.services.imports.virta.run import import_virta
from registry.services.imports.ytr.client import YtrService
from registry.services.imports.ytr.run import import_ytr
from tests.registry.imports import virta_xml as xml
from tests.registry.imports.conftest import VIRTA_SAMPLES, YTR_SAMPLES

pytestmark = pytest.mark.django_db


class StandIn:
    """A local HTTP server that records each request and returns the next prepared response."""

    def __init__(self, responses):
        self.responses = list(responses)
        self.requests = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._answer(b"")

            def do_POST(self):
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def _answer(self, body):
                stand_in.requests.append((self.command, self.path, dict(self.headers), body))
                status, content = stand_in.responses.pop(0)
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_virta_service_requests_by_oid_and_code():
    oid_response = (VIRTA_SAMPLES / "1.2.246.562.24.20170814999.xml").read_bytes()
    code_response = (VIRTA_SAMPLES / "270191-4208.xml").read_bytes()
    personal_data = xml.personal_data("270191-4208", "Pelle", "Peluri").encode()
    with StandIn([(200, oid_response), (200, code_response), (200, personal_data)]) as stand_in:
        service = VirtaService(
            stand_in.url, system="tor", user="tor-user", key="secret", timeout=5,
            identity_codes=["270191-4208"], oids=["1.2.246.562.24.20170814999"],
        )
        with system_audit_scope("test"):
            report = import_virta(service)

    assert report.skipped == []
    assert report.persons == 2
    assert StudyRight.objects.filter(source_system="virta").count() == 2
    bodies = [request[3].decode() for request in stand_in.requests]
    assert "<ns1:kansallinenOppijanumero>1.2.246.562.24.20170814999</ns1:kansallinenOppijanumero>" in bodies[0]
    assert "<ns1:henkilotunnus>270191-4208</ns1:henkilotunnus>" in bodies[1]
    assert "<ns1:avain>secret</ns1:avain>" in bodies[0]
    # The personal data of the identity code is asked at the institution of its study right.
    assert "<ns1:organisaatio>02629</ns1:organisaatio>" in bodies[2]
    assert all("270191-4208" not in request[1] for request in stand_in.requests)
    assert Learner.objects.get(oid="1.2.246.562.24.57060795845").last_name == "Peluri"


def test_virta_service_stops_on_unauthorised():
    with StandIn([(401, b"")]) as stand_in:
        service = VirtaService(stand_in.url, system="", user="", key="", timeout=5, oids=["1.2.246.562.24.20170814999"])
        with pytest.raises(ImportFailed):
            import_virta(service)


def test_ytr_service_modified_since_and_students():
    record = (YTR_SAMPLES / "oph-registrydata" / "101097-6107.json").read_bytes()
    with StandIn([(200, b'{"ssns": ["101097-6107"]}'), (200, b"[" + record + b"]")]) as stand_in:
        import datetime

        service = YtrService(stand_in.url, username="tor", password="secret", timeout=5, modified_since=datetime.date(2023, 1, 1))
        with system_audit_scope("test"):
            report = import_ytr(service)

    assert report.skipped == []
    assert report.created == 1
    assert Learner.objects.filter(identity_code_hash__in=identity_codes.lookup_hashes("101097-6107")).exists()
    (get_method, get_path, get_headers, _), (post_method, post_path, _, post_body) = stand_in.requests
    assert (get_method, get_path) == ("GET", "/api/oph-registrydata/ssns?modifiedSince=2023-01-01")
    assert get_headers["Authorization"] == "Basic " + base64.b64encode(b"tor:secret").decode()
    assert (post_method, post_path) == ("POST", "/api/oph-registrydata/students")
    assert json.loads(post_body) == {"ssns": [{"ssn": "101097-6107", "previousSsns": []}]}


def test_unconfigured_endpoint_cannot_run(settings):
    settings.TOR_VIRTA_URL = ""
    settings.TOR_YTR_URL = ""

    with pytest.raises(ImportFailed):
        VirtaService(oids=["1.2.246.562.24.20170814999"])
    with pytest.raises(ImportFailed):
        YtrService(identity_codes=["101097-6107"])
