"""Views of the provider API: thin wrappers that check the request, call one service and write the result."""

from django.core.exceptions import RequestDataTooBig
from django.conf import settings
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import errors, identity_codes, permissions
from ..errors import RegisterError
from ..models import VersionSource
from ..oids import is_learner_oid
from ..selectors.study_rights import learner_by_oid, readable_study_rights_of_learner
from ..services.ingest import store_learner_body
from ..transfer_format.writer import learner_document, store_result_document


def read_json_body(request):
    """Return the raw body of a JSON request, or raise RegisterError for another content type or a body over the limit."""
    content_type = request.content_type.split(";")[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise RegisterError(errors.UNSUPPORTED_MEDIA_TYPE(value=content_type))
    try:
        return request.body
    except RequestDataTooBig as error:
        size = request.META.get("CONTENT_LENGTH", "?")
        raise RegisterError(errors.PAYLOAD_TOO_LARGE(size=size, limit=settings.TOR_MAX_DOCUMENT_BYTES)) from error


class LearnerWriteView(APIView):
    """Store one learner's study rights: PUT creates or updates them, POST only creates."""

    def put(self, request):
        return self.store(request, allow_update=True)

    def post(self, request):
        return self.store(request, allow_update=False)

    def store(self, request, *, allow_update):
        body = read_json_body(request)
        result = store_learner_body(body, user=request.user, source=VersionSource.API, allow_update=allow_update)
        study_rights = [stored.study_right for stored in result.study_rights]
        return Response(store_result_document(result.learner.oid, study_rights))


class LearnerReadView(APIView):
    """Return a learner and the valid study rights the caller may read, in the transfer format."""

    def get(self, request, oid):
        if not is_learner_oid(oid):
            raise RegisterError(errors.QUERY_LEARNER_OID(value=oid))
        learner = learner_by_oid(oid)
        if learner is None:
            raise RegisterError(errors.LEARNER_NOT_FOUND_OR_FORBIDDEN(value=oid))
        study_rights = list(readable_study_rights_of_learner(request.user, learner))
        if not study_rights and not permissions.is_registry_administrator(request.user):
            raise RegisterError(errors.LEARNER_NOT_FOUND_OR_FORBIDDEN(value=oid))

        identity_code = identity_codes.decrypt(learner.identity_code_ciphertext)
        return Response(learner_document(learner, study_rights, identity_code))
