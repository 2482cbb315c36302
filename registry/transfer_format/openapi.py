"""OpenAPI descriptions of the provider API's operations, for drf-spectacular's `extend_schema`.

Bodies and answers are documents of the national transfer format, described in
docs/transfer-format.md, so the schema names them as JSON objects and shows short examples.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from .. import errors
from ..api.schema import COMMON_ERRORS, error_responses

TAG = "oppija"
STORE_RESULT = {
    "henkilö": {"oid": "1.2.246.562.24.00000000001"},
    "opiskeluoikeudet": [{"oid": "1.2.246.562.15.00000000001", "versionumero": 1}],
}
STUDY_RIGHT = {
    "oid": "1.2.246.562.15.00000000001", "versionumero": 1, "aikaleima": "2026-01-15T10:20:30.123456",
    "tyyppi": {"koodiarvo": "esiopetus", "koodistoUri": "opiskeluoikeudentyyppi"},
}
VALIDATION_ERRORS = (
    errors.FORMAT_JSON, errors.FORMAT_ENCODING, errors.FORMAT_DEPTH, errors.JSON_SCHEMA, errors.FORMAT_DATE,
    errors.UNKNOWN_CODE, errors.UNKNOWN_ORGANISATION, errors.INVALID_IDENTITY_CODE, errors.UNSUPPORTED_TYPE,
    errors.END_BEFORE_START, errors.VERIFICATION_MISSING, errors.UNKNOWN_UNIT,
)
WRITE_ERRORS = (
    *VALIDATION_ERRORS, errors.FORBIDDEN_ORGANISATION, errors.FORBIDDEN_TYPE, errors.SOURCE_ID_MISSING,
    errors.WRONG_SOURCE_SYSTEM, errors.SENSITIVE_CHANGE_FORBIDDEN, errors.READ_ONLY_TYPE, errors.CONFLICT_VERSION,
    errors.CONFLICT_EXISTS, errors.PAYLOAD_TOO_LARGE, errors.UNSUPPORTED_MEDIA_TYPE, *COMMON_ERRORS,
)
OID_PARAMETER = OpenApiParameter("oid", str, OpenApiParameter.PATH, description=_("Learner or study right OID."))
VERSION_PARAMETER = OpenApiParameter("version", int, OpenApiParameter.PATH, description=_("Version number."))


def _document(description, example):
    return OpenApiResponse(
        response=OpenApiTypes.OBJECT, description=description,
        examples=[OpenApiExample(str(description), value=example, response_only=True)],
    )


LEARNER_WRITE = {
    "tags": [TAG],
    "summary": _("Store a learner's study rights"),
    "description": _(
        "The body is one learner document of the national transfer format ({\"henkilö\": …, "
        "\"opiskeluoikeudet\": […]}). PUT creates or updates study rights, POST only creates. The "
        "document goes through the ingest pipeline: parse, check structure, resolve, authorise, "
        "validate, store."
    ),
    "request": OpenApiTypes.OBJECT,
    "responses": {200: _document(_("The learner's OID and each study right's OID and version"), STORE_RESULT),
                  **error_responses(*WRITE_ERRORS)},
}
LEARNER_BATCH = {
    "tags": [TAG],
    "summary": _("Store a list of learners, each in its own transaction"),
    "request": OpenApiTypes.OBJECT,
    "responses": {
        200: _document(_("Every learner was stored: one result per learner"), [STORE_RESULT]),
        207: _document(_("Some learners were stored: a result or an error list per learner"), [STORE_RESULT, [
            {"key": errors.JSON_SCHEMA.key, "message": "…"}]]),
        **error_responses(errors.BATCH_NOT_A_LIST, *WRITE_ERRORS),
    },
}
LEARNER_READ = {
    "tags": [TAG],
    "summary": _("Read a learner and the valid study rights the caller may read"),
    "parameters": [OID_PARAMETER],
    "responses": {
        200: _document(_("The learner document"), {"henkilö": {"oid": "1.2.246.562.24.00000000001"}, "opiskeluoikeudet": [STUDY_RIGHT]}),
        **error_responses(errors.QUERY_LEARNER_OID, errors.LEARNER_NOT_FOUND_OR_FORBIDDEN, *COMMON_ERRORS),
    },
}
STUDY_RIGHT_READ = {
    "tags": [TAG],
    "summary": _("Read one study right"),
    "parameters": [OID_PARAMETER],
    "responses": {
        200: _document(_("The study right"), STUDY_RIGHT),
        **error_responses(errors.QUERY_STUDY_RIGHT_OID, errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN, *COMMON_ERRORS),
    },
}
STUDY_RIGHT_INVALIDATE = {
    "tags": [TAG],
    "summary": _("Invalidate a study right: a new version with the state mitatoity, nothing is deleted"),
    "parameters": [OID_PARAMETER],
    "responses": {
        200: _document(_("The learner's OID and the study right's new version"), STORE_RESULT),
        **error_responses(errors.QUERY_STUDY_RIGHT_OID, errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN,
                          errors.FORBIDDEN_INVALIDATION, *COMMON_ERRORS),
    },
}
HISTORY = {
    "tags": [TAG],
    "summary": _("List a study right's versions; the changes only with the sensitive-data right"),
    "parameters": [OID_PARAMETER],
    "responses": {
        200: _document(_("The versions"), [{"opiskeluoikeusOid": STUDY_RIGHT["oid"], "versionumero": 1,
                                             "aikaleima": STUDY_RIGHT["aikaleima"], "kayttaja": "…", "lähde": "api"}]),
        **error_responses(errors.QUERY_STUDY_RIGHT_OID, errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN, *COMMON_ERRORS),
    },
}
VERSION = {
    "tags": [TAG],
    "summary": _("Read a study right as it was at one version"),
    "parameters": [OID_PARAMETER, VERSION_PARAMETER],
    "responses": {
        200: _document(_("The study right at the version"), STUDY_RIGHT),
        **error_responses(errors.QUERY_STUDY_RIGHT_OID, errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN,
                          errors.VERSION_NOT_FOUND, *COMMON_ERRORS),
    },
}
DELETE_TOP_LEVEL = {
    "tags": [TAG],
    "summary": _("Remove one top-level achievement from a study right's given version"),
    "parameters": [OID_PARAMETER, VERSION_PARAMETER],
    "request": OpenApiTypes.OBJECT,
    "responses": {
        200: _document(_("The learner's OID and the study right's new version"), STORE_RESULT),
        **error_responses(errors.ONLY_TOP_LEVEL_ACHIEVEMENT, errors.ACHIEVEMENT_NOT_FOUND, errors.CONFLICT_VERSION,
                          errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN, *COMMON_ERRORS),
    },
}
TRANSFER_LOG = {
    "tags": ["tiedonsiirrot"],
    "summary": _("List the latest transfer of each learner in the caller's organisations"),
    "parameters": [
        OpenApiParameter("virheelliset", bool, description=_("true lists failed transfers only.")),
        OpenApiParameter("oppilaitos", str, description=_("Institution OID to list.")),
    ],
    "responses": {200: _document(_("Transfer log rows"), [{"oppija": {"oid": "1.2.246.562.24.00000000001"}, "onnistunut": True}]),
                  **error_responses(*COMMON_ERRORS)},
}
TRANSFER_SUMMARY = {
    "tags": ["tiedonsiirrot"],
    "summary": _("Count transfers per saving organisation and source system"),
    "responses": {200: _document(_("Counts"), [{"organisaatio": {"oid": "1.2.246.562.10.00000000001"}, "onnistuneet": 10}]),
                  **error_responses(*COMMON_ERRORS)},
}
