"""Mutual TLS: an authority's client certificate, verified by the TLS proxy, authenticates its API client.

The proxy (deploy/nginx/tor.conf) verifies the certificate against the authorities' CA and puts
it, URL-escaped PEM, in the header named by settings.TOR_CLIENT_CERTIFICATE_HEADER. The proxy sets
the header on every request, empty when no certificate was verified, so a client cannot send its
own. The register reads the header only from the addresses in TOR_CLIENT_CERTIFICATE_PROXIES and
maps the certificate's SHA-256 fingerprint to an API client through TOR_CLIENT_CERTIFICATES. The
request then runs as that client, with the scopes its ApiClient row grants, as with a token.
"""

import logging
from dataclasses import dataclass
from urllib.parse import unquote

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from registry import errors
from registry.api.authentication import AUTHORITY_CLIENT_KIND, AccessTokenAuthentication, CredentialsRejected
from registry.models import ActorType
from registry.services.audit import Actor

from .certificate_map import normalise_fingerprint, parse_certificate_map  # noqa: F401 (re-exported)

logger = logging.getLogger(__name__)

CHALLENGE = 'Certificate realm="TOR"'


@dataclass(frozen=True)
class CertificateGrant:
    """Scopes of a certificate-authenticated request: its API client's, checked like a token's `allow_scopes`."""

    client_id: str
    scopes: tuple

    def allow_scopes(self, scopes):
        return set(scopes) <= set(self.scopes)


def certificate_fingerprint(header_value):
    """Return the SHA-256 fingerprint (hex) of the URL-escaped PEM certificate that the proxy sent, or None if unreadable."""
    try:
        certificate = x509.load_pem_x509_certificate(unquote(header_value).encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    return certificate.fingerprint(hashes.SHA256()).hex()


def header_from_proxy(request):
    """Return the certificate header's value when it came from a trusted proxy, else ""."""
    header = settings.TOR_CLIENT_CERTIFICATE_HEADER
    if not header:
        return ""
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    if value and request.META.get("REMOTE_ADDR", "") not in settings.TOR_CLIENT_CERTIFICATE_PROXIES:
        logger.warning("client_certificate_header_untrusted")
        return ""
    return value


class ClientCertificateAuthentication(AccessTokenAuthentication):
    """Authenticate a request without an Authorization header by the client certificate the proxy verified.

    It is a kind of AccessTokenAuthentication so that registry.api.permissions.TokenHasViewScope
    checks its scopes as it checks a token's.
    """

    def authenticate(self, request):
        if request.META.get("HTTP_AUTHORIZATION"):
            return None
        value = header_from_proxy(request)
        if not value:
            return None

        fingerprint = certificate_fingerprint(value)
        client_id = settings.TOR_CLIENT_CERTIFICATES.get(fingerprint or "")
        client = _api_client(client_id) if client_id else None

        if client is None:
            logger.warning("client_certificate_rejected reason=unknown_certificate")
            raise CredentialsRejected(errors.CLIENT_CERTIFICATE_UNKNOWN, CHALLENGE, value=fingerprint or "-")
        if not client.active or not client.user.is_active:
            logger.warning("client_certificate_rejected reason=inactive_client client_id=%s", client_id)
            raise CredentialsRejected(errors.CLIENT_INACTIVE, CHALLENGE)
        actor_type = ActorType.AUTHORITY_CLIENT if client.kind == AUTHORITY_CLIENT_KIND else ActorType.SERVICE_CLIENT
        request._request.audit_actor = Actor.for_user(client.user, actor_type)
        return client.user, CertificateGrant(client_id=client_id, scopes=tuple(client.scopes or ()))

    def authenticate_header(self, request):
        return None


def _api_client(client_id):
    from authorities.models import ApiClient

    return ApiClient.objects.select_related("user").filter(application__client_id=client_id).first()


class ClientCertificateScheme(OpenApiAuthenticationExtension):
    """The OpenAPI document's entry of mutual TLS (registry.api.schema lists the other schemes)."""

    target_class = "tor.ops.client_certificates.ClientCertificateAuthentication"
    name = "mutualTLS"

    def get_security_definition(self, auto_schema):
        return {
            "type": "mutualTLS",
            "description": str(_(
                "A client certificate that the register's TLS proxy verifies and that the registry administrator "
                "linked to the API client; the client then gets its API client's scopes."
            )),
        }
