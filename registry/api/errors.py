"""Turn every error of the API into the register's error list: `[{"key": …, "message": …}]`."""

import logging
import math
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response

from .. import errors
from ..errors import RegisterError

logger = logging.getLogger(__name__)


def error_response(register_error):
    return Response([error.as_json() for error in register_error.errors], status=register_error.status)


def to_register_error(exception, context=None):
    """Return the RegisterError for an exception of the API, or None for one it cannot translate."""
    if isinstance(exception, RegisterError):
        return exception
    if isinstance(exception, exceptions.NotAuthenticated):
        return RegisterError(errors.NOT_AUTHENTICATED())
    if isinstance(exception, exceptions.AuthenticationFailed):
        return RegisterError(getattr(exception, "error", None) or errors.LOGIN_FAILED())
    if isinstance(exception, (exceptions.PermissionDenied, DjangoPermissionDenied)):
        return RegisterError(errors.FORBIDDEN())
    if isinstance(exception, (exceptions.NotFound, Http404)):
        return RegisterError(errors.NOT_FOUND())
    if isinstance(exception, exceptions.MethodNotAllowed):
        view = (context or {}).get("view")
        request = (context or {}).get("request")
        return RegisterError(errors.METHOD_NOT_ALLOWED(
            value=getattr(request, "method", ""), allowed=", ".join(getattr(view, "allowed_methods", [])),
        ))
    if isinstance(exception, exceptions.Throttled):
        return RegisterError(errors.THROTTLED(wait=max(1, math.ceil(exception.wait or 1))))
    if isinstance(exception, exceptions.UnsupportedMediaType):
        return RegisterError(errors.UNSUPPORTED_MEDIA_TYPE(value=exception.detail))
    if isinstance(exception, exceptions.ParseError):
        return RegisterError(errors.FORMAT_JSON(detail=str(exception.detail)))
    return None


def exception_handler(exception, context):
    """DRF exception handler: known errors become keyed lists; anything else is logged and becomes a 500."""
    register_error = to_register_error(exception, context)
    if register_error is None:
        request_id = uuid.uuid4().hex
        logger.exception("api_request_failed request_id=%s view=%s", request_id, type(context.get("view")).__name__)
        register_error = RegisterError(errors.INTERNAL_ERROR(request_id=request_id))
    response = error_response(register_error)
    if isinstance(exception, exceptions.MethodNotAllowed):
        view = context.get("view")
        if view is not None:
            response["Allow"] = ", ".join(view.allowed_methods)
    if isinstance(exception, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        # DRF puts the first authentication class's challenge in auth_header; a rejected token
        # brings its own, with the OAuth2 error code in it.
        challenge = getattr(exception, "challenge", None) or getattr(exception, "auth_header", None)
        if challenge:
            response["WWW-Authenticate"] = challenge
    if isinstance(exception, exceptions.Throttled) and exception.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(exception.wait)))
    return response


def json_not_found(request, exception=None):
    """Django's 404 handler for API paths, in the API's error format."""
    error = errors.NOT_FOUND()
    return JsonResponse([error.as_json()], status=404, safe=False, json_dumps_params={"ensure_ascii": False})
