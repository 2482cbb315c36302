"""Citizens' login through Suomi.fi e-identification with OpenID Connect (authorization code flow with PKCE).

mozilla-django-oidc starts the flow, exchanges the code for tokens and checks the ID token's
signature and nonce. The register then finds the learner by the identity code in the claim
settings.TOR_OIDC_IDENTITY_CODE_CLAIM (Suomi.fi's `nationalIdentificationNumber`) through the
keyed lookup hashes, so the code of a merged learner or a replaced code finds the master learner.
Only the learner OID is kept in the session (`registry.citizen.session`).
Citizens get no Django user, so the staff's users and permissions never see them. The identity
code is neither stored nor logged: it lives in local variables during the callback only.

The backend is not in AUTHENTICATION_BACKENDS: only the callback view here calls it.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .. import identity_codes
from ..selectors.study_rights import learner_by_identity_code
from . import session

logger = logging.getLogger(__name__)

# The session key that says the citizen logged in through Suomi.fi, so logging out also ends the provider's session.
IDENTIFIED_BY_KEY = "tor_citizen_identified_by"
SUOMIFI = "suomifi"


class NotInRegister:
    """The identification succeeded, but the register holds no learner with the person's identity code."""


NOT_IN_REGISTER = NotInRegister()


class LearnerIdentificationBackend(OIDCAuthenticationBackend):
    """Return the Learner that a Suomi.fi identification names, NOT_IN_REGISTER, or None for unusable claims."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(self.get_userinfo(access_token, id_token, payload))
        code = claims.get(settings.TOR_OIDC_IDENTITY_CODE_CLAIM)
        if not isinstance(code, str) or not code:
            logger.warning("citizen_login_rejected identification=suomifi reason=identity_code_claim_missing")
            return None
        try:
            code = identity_codes.validate(code)
        except identity_codes.InvalidIdentityCode:
            logger.warning("citizen_login_rejected identification=suomifi reason=identity_code_invalid")
            return None

        learner = learner_by_identity_code(code)
        return NOT_IN_REGISTER if learner is None else learner

    def verify_token(self, token, **kwargs):
        """Check the token's signature and nonce (the library), and that it was issued to this register's client."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        return payload

    def verify_claims(self, claims):
        return True


@method_decorator(never_cache, name="dispatch")
class StartView(OIDCAuthenticationRequestView):
    """Send the citizen to Suomi.fi. Without TOR_SUOMIFI_IDENTIFICATION the page does not exist (404)."""

    def get(self, request):
        if not settings.TOR_SUOMIFI_IDENTIFICATION:
            raise Http404
        return super().get(request)


@method_decorator(never_cache, name="dispatch")
class CallbackView(View):
    """Finish the identification: check the state, let the backend find the learner, log the learner in."""

    http_method_names = ["get"]

    def get(self, request):
        if not settings.TOR_SUOMIFI_IDENTIFICATION:
            raise Http404
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        state = request.GET.get("state", "")
        entry = states.pop(state, None)
        request.session["oidc_states"] = states
        if request.GET.get("error") or entry is None or not request.GET.get("code"):
            if request.GET.get("error"):
                reason = "provider_error"
            elif entry is None:
                reason = "unknown_state"
            else:
                reason = "code_missing"
            logger.warning("citizen_login_rejected identification=suomifi reason=%s", reason)
            return login_failed(request)

        try:
            result = LearnerIdentificationBackend().authenticate(
                request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"),
            )
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, ValueError) as error:
            logger.warning("citizen_login_failed identification=suomifi error=%s", type(error).__name__)
            return login_failed(request)

        if result is None:
            return login_failed(request)
        if result is NOT_IN_REGISTER:
            logger.info("citizen_identified_without_records identification=suomifi")
            return render(request, "citizen/no_records.html")
        session.log_in(request, result)
        request.session[IDENTIFIED_BY_KEY] = SUOMIFI
        logger.info("citizen_logged_in learner_oid=%s identification=suomifi", result.oid)
        return redirect("citizen:own-record")


def login_failed(request):
    return render(request, "citizen/login_failed.html", status=400)


def provider_logout_url(request):
    """Return the provider's end-session URL for a citizen who logged in through Suomi.fi, else None."""
    if request.session.get(IDENTIFIED_BY_KEY) != SUOMIFI or not settings.OIDC_OP_LOGOUT_ENDPOINT:
        return None
    query = urlencode({
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("home")),
    })
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
