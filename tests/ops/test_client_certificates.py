"""Mutual TLS: the certificate that the proxy verified authenticates its API client, and only the proxy's header counts."""

import datetime
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from registry.models import AuditAction, AuditEvent
from tests import documents
from tests.authorities.disclosure import LOOKUP_URL, lookup_body, make_agreement, store_sample
from tests.oauth2 import authority_client
from tor.ops.certificate_map import parse_certificate_map

pytestmark = pytest.mark.django_db

HEADER = "X-Client-Certificate"
META = "HTTP_X_CLIENT_CERTIFICATE"


def make_certificate(common_name):
    """Return (URL-escaped PEM as nginx's $ssl_client_escaped_cert sends it, SHA-256 fingerprint)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    return quote(pem, safe=""), certificate.fingerprint(hashes.SHA256()).hex()


@pytest.fixture
def authority_certificate(settings):
    agreement = make_agreement("kela")
    credentials = authority_client(agreement)
    escaped, fingerprint = make_certificate("kela-client")
    settings.TOR_CLIENT_CERTIFICATE_HEADER = HEADER
    settings.TOR_CLIENT_CERTIFICATE_PROXIES = ["127.0.0.1"]
    settings.TOR_CLIENT_CERTIFICATES = {fingerprint: credentials.client_id}
    return escaped, credentials


def lookup(client, learner_oid, **meta):
    return client.post(LOOKUP_URL, lookup_body({"oid": learner_oid}), content_type="application/json", **meta)


def test_certificate_from_the_proxy_authenticates_the_authority_client(client, authority_certificate):
    escaped, credentials = authority_certificate
    stored = store_sample("lukio-paattotodistus.json")

    response = lookup(client, stored.learner.oid, **{META: escaped})

    assert response.status_code == 200
    event = AuditEvent.objects.filter(learner_oid=stored.learner.oid).exclude(action=AuditAction.STUDY_RIGHT_WRITE).latest("pk")
    assert event.actor_id == str(credentials.client.user.pk)


def test_header_from_another_address_is_ignored(client, authority_certificate):
    escaped, _credentials = authority_certificate
    stored = store_sample("lukio-paattotodistus.json")

    response = lookup(client, stored.learner.oid, REMOTE_ADDR="203.0.113.9", **{META: escaped})

    assert response.status_code == 401


def test_unknown_certificate_is_refused_with_its_fingerprint(client, authority_certificate):
    other, fingerprint = make_certificate("stranger")

    response = lookup(client, "1.2.246.562.24.00000000001", **{META: other})

    assert response.status_code == 401
    assert [error["key"] for error in response.json()] == ["unauthorized.clientCertificate"]
    assert fingerprint in response.json()[0]["message"]


def test_certificate_gets_only_its_clients_scopes(api, authority_certificate):
    escaped, _credentials = authority_certificate

    response = api.put("/api/v1/oppija", documents.vocational(), **{META: escaped})

    assert response.status_code == 403
    assert [error["key"] for error in response.json()] == ["forbidden.insufficientScope"]


def test_mutual_tls_is_off_without_a_header_name(client, authority_certificate, settings):
    escaped, _credentials = authority_certificate
    settings.TOR_CLIENT_CERTIFICATE_HEADER = ""

    assert lookup(client, "1.2.246.562.24.00000000001", **{META: escaped}).status_code == 401


def test_certificate_map_setting_is_checked():
    fingerprint = "AB:" * 31 + "CD"

    assert parse_certificate_map(f" {fingerprint}=client-1 , ") == {fingerprint.replace(":", "").lower(): "client-1"}
    with pytest.raises(ValueError):
        parse_certificate_map("not-a-fingerprint=client-1")
    with pytest.raises(ValueError):
        parse_certificate_map(f"{fingerprint}")
