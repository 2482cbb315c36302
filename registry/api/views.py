"""Views of the provider API: thin wrappers that check the request, call one service and write the result.

A read records its audit events with `audit.record_on_success` after every check has passed, one
event per learner, study right or transfer log row in the response, so they are inserted only
when the response succeeds. Writes record theirs in the services.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import errors, identity_codes, permissions
from ..errors import RegisterError
from ..models import AuditAction, VersionSource
from ..oids import is_learner_oid, is_study_right_oid
from ..selectors import history as history_selectors
from ..selectors.study_rights import (
    document_for_reader,
    learner_by_oid,
    readable_study_rights_of_learner,
    reader_may_see_sensitive,
)
from ..selectors.transfer_log import readable_errors, transfer_summary, visible_transfer_attempts
from ..services import audit
from ..services import study_rights as study_right_services
from ..services import transfers
from ..services.history import first_held_version, rebuild_document
from ..services.ingest.parse import parse_body
from ..transfer_format.transfer_log import transfer_attempt_document, transfer_summary_document
from ..transfer_format.writer import (
    history_entry,
    learner_document,
    store_result_document,
    study_right_document,
)
from .permissions import ProviderApiScopes


class ProviderApiView(ProviderApiScopes, APIView):
    """A view of the provider API: OAuth2 tokens need scope oppija:read to read and oppija:write to write."""


def record_read(request, subjects, action, **details):
    """Record the read events of `subjects` when the response succeeds, naming the route that served them."""
    audit.record_on_success(action, subjects=subjects, details={"view": audit.view_name(request), **details})


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


def checked_study_right_oid(oid):
    if not is_study_right_oid(oid):
        raise RegisterError(errors.QUERY_STUDY_RIGHT_OID(value=oid))
    return oid


def stored_result(result):
    return store_result_document(result.learner.oid, [stored.study_right for stored in result.study_rights])


class LearnerWriteView(ProviderApiView):
    """Store one learner's study rights: PUT creates or updates them, POST only creates."""

    def put(self, request):
        result = transfers.receive_learner(read_json_body(request), user=request.user, allow_update=True)
        return Response(stored_result(result))

    def post(self, request):
        result = transfers.receive_learner(read_json_body(request), user=request.user, allow_update=False)
        return Response(stored_result(result))


class LearnerBatchView(ProviderApiView):
    """Store a list of learners, each in its own transaction, and answer one result per learner.

    The status is 200 when every learner was stored, 207 when some were, and the highest
    status of the items when none was.
    """

    def put(self, request):
        items = transfers.receive_batch(read_json_body(request), user=request.user)
        body = [
            stored_result(item.result) if item.error is None else [error.as_json() for error in item.error.errors]
            for item in items
        ]
        statuses = [item.status for item in items]
        if all(status == 200 for status in statuses):
            status = 200
        elif any(status == 200 for status in statuses):
            status = 207
        else:
            status = max(statuses)
        return Response(body, status=status)


class LearnerReadView(ProviderApiView):
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
        documents = [document_for_reader(request.user, study_right) for study_right in study_rights]
        record_read(request, [
            audit.Subject(learner.oid, action=AuditAction.LEARNER_READ),
            *(audit.study_right_subject(study_right, AuditAction.STUDY_RIGHT_READ, learner.oid) for study_right in study_rights),
        ], AuditAction.LEARNER_READ)
        return Response(learner_document(learner, study_rights, identity_code, documents))


class StudyRightView(ProviderApiView):
    """GET returns one study right, invalidated or not; DELETE invalidates it."""

    def get(self, request, oid):
        study_right = history_selectors.readable_study_right(request.user, checked_study_right_oid(oid))
        if study_right is None:
            raise RegisterError(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path="oid", value=oid))
        document = document_for_reader(request.user, study_right)
        record_read(request, [audit.study_right_subject(study_right)], AuditAction.STUDY_RIGHT_READ)
        return Response(study_right_document(study_right, document))

    def delete(self, request, oid):
        study_right = study_right_services.invalidate_study_right(
            checked_study_right_oid(oid), user=request.user, source=VersionSource.API,
        )
        return Response(store_result_document(study_right.learner.oid, [study_right]))


class StudyRightHistoryView(ProviderApiView):
    """List the versions of a study right: number, time, author, source and the change as a JSON patch."""

    def get(self, request, oid):
        study_right = history_selectors.readable_study_right(request.user, checked_study_right_oid(oid))
        if study_right is None:
            raise RegisterError(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path="oid", value=oid))
        # A patch may carry sensitive data, so readers without that right get the versions without their changes.
        with_changes = reader_may_see_sensitive(request.user, study_right)
        versions = list(history_selectors.versions(study_right))
        # A study right imported without its earliest versions says which ones the register does not hold.
        not_held = (1, versions[0].version - 1) if versions and versions[0].version > 1 else None
        body = [
            history_entry(study_right, version, with_change=with_changes, versions_not_held=not_held if index == 0 else None)
            for index, version in enumerate(versions)
        ]
        record_read(request, [audit.study_right_subject(study_right)], AuditAction.HISTORY_READ)
        return Response(body)


class StudyRightVersionView(ProviderApiView):
    """Return a study right exactly as it was at one version."""

    def get(self, request, oid, version):
        version = int(version)
        study_right = history_selectors.readable_study_right(request.user, checked_study_right_oid(oid))
        if study_right is None:
            raise RegisterError(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path="oid", value=oid))
        row = history_selectors.versions(study_right).filter(version=version).first()
        if row is None:
            first = first_held_version(study_right)
            if first is not None and 1 <= version < first:
                raise RegisterError(errors.VERSION_NOT_HELD(value=oid, version=version, first=first))
            raise RegisterError(errors.VERSION_NOT_FOUND(value=oid, version=version, latest=study_right.version))
        document = document_for_reader(request.user, study_right, rebuild_document(study_right, version))
        record_read(request, [audit.study_right_subject(study_right)], AuditAction.HISTORY_READ, version=version)
        return Response(study_right_document(
            study_right, document, version=version, timestamp=row.created_at, timestamp_text=row.imported_timestamp,
        ))


class DeleteTopLevelAchievementView(ProviderApiView):
    """Remove one top-level achievement from the given version of a study right (delete-paatason-suoritus)."""

    def post(self, request, oid, version):
        version = int(version)
        achievement = parse_body(read_json_body(request))
        if not isinstance(achievement, dict):
            raise RegisterError(errors.JSON_SCHEMA(path="(body)", problem=gettext("send the top-level achievement as a JSON object")))
        study_right = study_right_services.delete_top_level_achievement(
            checked_study_right_oid(oid), version, achievement, user=request.user, source=VersionSource.API,
        )
        return Response(store_result_document(study_right.learner.oid, [study_right]))


class TransferLogView(ProviderApiView):
    """List the latest transfer of each learner in the caller's organisations; `?virheelliset=true` lists failures only.

    Each row shown records a transfer_log.read event of its learner. A row of a document that named
    no learner OID records the event without one.
    """

    def get(self, request):
        attempts = visible_transfer_attempts(request.user)
        if request.query_params.get("virheelliset") in ("true", "1"):
            attempts = attempts.filter(succeeded=False)
        institution = request.query_params.get("oppilaitos")
        if institution:
            attempts = attempts.filter(organisation__oid=institution)
        attempts = list(attempts[:1000])
        body = [transfer_attempt_document(attempt, readable_errors(request.user, attempt)) for attempt in attempts]
        record_read(request, [transfer_log_subject(attempt) for attempt in attempts], AuditAction.TRANSFER_LOG_READ)
        return Response(body)


def transfer_log_subject(attempt):
    return audit.Subject(attempt.learner_oid, organisation_oid=attempt.organisation.oid if attempt.organisation else "")


class TransferSummaryView(ProviderApiView):
    """Summarise the transfer log per saving organisation and source system.

    The summary contains no learner data, so it records no audit event.
    """

    def get(self, request):
        return Response([transfer_summary_document(row) for row in transfer_summary(request.user)])
