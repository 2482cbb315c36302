"""Suomi.fi login with OpenID Connect, against a small OpenID provider that the test runs on 127.0.0.1.

The provider serves the three endpoints the register calls: the token endpoint (which checks the
code and the PKCE verifier and returns a signed ID token), the JWKS endpoint and the userinfo
endpoint (which returns the identity code). The browser's visit to the authorization endpoint is
played by reading the redirect's query and calling the register's callback with a code.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from registry.citizen.session import SESSION_KEY
from tests.factories import LearnerFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db

CLIENT_ID = "tor-test-client"
KEY_ID = "test-key-1"


@dataclass
class FakeProvider:
    """The provider's state: its signing key, the codes it issued, and the faults the test switches on."""

    base_url: str = ""
    private_key: object = None
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    audience: str = CLIENT_ID
    wrong_nonce: bool = False
    foreign_key: bool = False
    token_requests: list = field(default_factory=list)

    def issue_code(self, authorization_query, identity_code):
        """Return a code for the authorization request in `authorization_query`, as if the person logged in."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "identity_code": identity_code,
            "nonce": authorization_query["nonce"][0],
            "challenge": authorization_query["code_challenge"][0],
        }
        return code

    def id_token(self, grant):
        now = int(time.time())
        claims = {
            "iss": self.base_url, "sub": "suomifi-subject", "aud": self.audience, "iat": now, "exp": now + 300,
            "nonce": "not-the-nonce" if self.wrong_nonce else grant["nonce"],
        }
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if self.foreign_key else self.private_key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def jwks(self):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}


def handler_for(provider):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            provider.token_requests.append(form)
            grant = provider.codes.pop(form.get("code", [""])[0], None)
            verifier = form.get("code_verifier", [""])[0]
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if self.path != "/token" or grant is None or challenge != grant["challenge"]:
                return self.answer(400, {"error": "invalid_grant"})
            if form.get("client_id") != [CLIENT_ID]:
                return self.answer(401, {"error": "invalid_client"})
            access_token = secrets.token_urlsafe(16)
            provider.tokens[access_token] = grant["identity_code"]
            self.answer(200, {"access_token": access_token, "token_type": "Bearer", "id_token": provider.id_token(grant)})

        def do_GET(self):
            if self.path == "/jwks":
                return self.answer(200, provider.jwks())
            if self.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.tokens:
                    return self.answer(401, {"error": "invalid_token"})
                return self.answer(200, {"sub": "suomifi-subject", "nationalIdentificationNumber": provider.tokens[token]})
            self.answer(404, {})

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="module")
def provider():
    state = FakeProvider(private_key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def suomifi(settings, provider):
    provider.audience, provider.wrong_nonce, provider.foreign_key = CLIENT_ID, False, False
    settings.TOR_SUOMIFI_IDENTIFICATION = True
    settings.TOR_TEST_IDENTIFICATION = False
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.base_url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.base_url}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.base_url}/jwks"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.base_url}/userinfo"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider.base_url}/logout"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "test-client-secret"
    return provider


def start_login(client):
    """Follow the anonymous own-record request to the provider; return the authorization request's query."""
    first = client.get("/omat-tiedot/")
    assert (first.status_code, first["Location"]) == (302, "/omat-tiedot/kirjaudu/")
    second = client.get(first["Location"])
    assert (second.status_code, second["Location"]) == (302, "/omat-tiedot/suomifi/")
    third = client.get(second["Location"])
    assert third.status_code == 302
    location = urllib.parse.urlsplit(third["Location"])
    assert location.path == "/authorize"
    return urllib.parse.parse_qs(location.query)


def finish_login(client, provider, identity_code):
    query = start_login(client)
    code = provider.issue_code(query, identity_code)
    return client.get("/omat-tiedot/suomifi/paluu/", {"code": code, "state": query["state"][0]})


def test_authorization_request_uses_pkce(client, suomifi):
    query = start_login(client)

    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/omat-tiedot/suomifi/paluu/"]
    assert "openid" in query["scope"][0].split()


def test_login_finds_learner_by_identity_code(client, suomifi):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    response = finish_login(client, suomifi, code)

    assert (response.status_code, response["Location"]) == (302, "/omat-tiedot/")
    assert client.session[SESSION_KEY] == learner.oid
    assert client.get("/omat-tiedot/").status_code == 200


def test_merged_learner_logs_in_as_master(client, suomifi):
    master = LearnerFactory()
    duplicate_code = synthetic_identity_code()
    LearnerFactory(identity_code=duplicate_code, master=master)

    finish_login(client, suomifi, duplicate_code)

    assert client.session[SESSION_KEY] == master.oid


def test_person_without_records_is_told_so(client, suomifi):
    response = finish_login(client, suomifi, synthetic_identity_code())

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "citizen/no_records.html" in [template.name for template in response.templates]


def test_wrong_nonce_is_rejected(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    suomifi.wrong_nonce = True

    response = finish_login(client, suomifi, code)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_token_signed_by_another_key_is_rejected(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    suomifi.foreign_key = True

    response = finish_login(client, suomifi, code)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_token_for_another_client_is_rejected(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    suomifi.audience = "another-client"

    response = finish_login(client, suomifi, code)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_unknown_state_is_rejected(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    query = start_login(client)
    authorization_code = suomifi.issue_code(query, code)

    response = client.get("/omat-tiedot/suomifi/paluu/", {"code": authorization_code, "state": "forged-state"})

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_provider_error_is_shown(client, suomifi):
    query = start_login(client)

    response = client.get("/omat-tiedot/suomifi/paluu/", {"error": "access_denied", "state": query["state"][0]})

    assert response.status_code == 400


def test_state_is_used_once(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    query = start_login(client)
    first_code = suomifi.issue_code(query, code)
    client.get("/omat-tiedot/suomifi/paluu/", {"code": first_code, "state": query["state"][0]})
    client.post("/omat-tiedot/kirjaudu-ulos/")
    second_code = suomifi.issue_code(query, code)

    response = client.get("/omat-tiedot/suomifi/paluu/", {"code": second_code, "state": query["state"][0]})

    assert response.status_code == 400


def test_logout_ends_provider_session(client, suomifi):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    finish_login(client, suomifi, code)

    response = client.post("/omat-tiedot/kirjaudu-ulos/")

    location = urllib.parse.urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{suomifi.base_url}/logout"
    assert urllib.parse.parse_qs(location.query)["client_id"] == [CLIENT_ID]
    assert SESSION_KEY not in client.session


def test_identity_code_is_not_logged(client, suomifi, caplog):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    finish_login(client, suomifi, code)

    assert code not in caplog.text
    assert f"learner_oid={learner.oid}" in caplog.text


def test_suomifi_pages_absent_when_disabled(client, settings):
    settings.TOR_SUOMIFI_IDENTIFICATION = False

    assert client.get("/omat-tiedot/suomifi/").status_code == 404
    assert client.get("/omat-tiedot/suomifi/paluu/", {"code": "x", "state": "y"}).status_code == 404
