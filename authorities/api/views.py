"""Views of the disclosure API: check the caller's agreement, call one selector or service, write the answer.

Every view first takes the caller's AgreementAccess for its access mode, which refuses a caller
without an agreement and an agreement that is not in force or does not allow the mode (403 with
the reason's key). Views that send learners' data write the disclosure log and record one
`disclosure` audit event per learner, inserted when the response succeeds.
"""

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from registry import errors
from registry.api.views import read_json_body
from registry.errors import RegisterError
from registry.models import AuditAction
from registry.services import audit
from registry.services.ingest.parse import parse_body

from ..models import AccessMode, Dataset
from ..selectors.access import agreement_access
from ..selectors.aggregates import DIMENSIONS, MAX_DIMENSIONS, aggregate
from ..selectors.change_feed import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Cursor, feed_page
from ..selectors.disclosure import disclosed_learners, learners_for_lookup
from ..services import datasets, disclosures
from ..transfer_format import documents, openapi, requests

DISCLOSURE_SCOPE = "luovutus"


class DisclosureApiView(APIView):
    """A view of the disclosure API: OAuth2 tokens need the scope luovutus for every method."""

    required_scopes = {method: DISCLOSURE_SCOPE for method in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")}


def record_disclosure_events(request, access, disclosed, mode, disclosure):
    """Record one `disclosure` event per learner of the answer, when the response succeeds."""
    if not disclosed:
        return
    audit.record_on_success(
        AuditAction.DISCLOSURE, subjects=disclosures.audit_subjects(disclosed), agreement_id=access.agreement.pk,
        details={"view": audit.view_name(request), "mode": mode, "disclosure": disclosure.pk},
    )


class LookupView(DisclosureApiView):
    """Look up learners by personal identity code or learner OID: at most the agreement's limit, 1000 at most."""

    @extend_schema(**openapi.LOOKUP)
    def post(self, request):
        access = agreement_access(request.user, AccessMode.LOOKUP)
        keys = requests.read_lookup(parse_body(read_json_body(request)), access.agreement.lookup_batch_limit)

        found = learners_for_lookup(keys)
        learners = {learner.pk: learner for learner in found.values()}
        disclosed = disclosed_learners(access, sorted(learners.values(), key=lambda learner: learner.pk))
        by_learner = {item.learner.pk: item for item in disclosed}
        answered = [(position, by_learner[learner.pk].document) for position, learner in sorted(found.items())
                    if learner.pk in by_learner]
        missing = {key.position for key in keys} - {position for position, _document in answered}

        disclosure = disclosures.log_disclosure(access, AccessMode.LOOKUP, disclosed, request_id=request.request_id)
        record_disclosure_events(request, access, disclosed, AccessMode.LOOKUP, disclosure)
        return Response(documents.lookup_document(answered, missing))


class ChangeFeedView(DisclosureApiView):
    """Return the study-right changes after a cursor, in commit order, with the changed learners as they are now."""

    @extend_schema(**openapi.CHANGE_FEED)
    def get(self, request):
        access = agreement_access(request.user, AccessMode.CHANGE_FEED)
        cursor = Cursor.decode(request.query_params.get(requests.CURSOR))
        size = requests.read_page_size(request.query_params, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)

        page = feed_page(access, cursor, size)
        disclosure = disclosures.log_disclosure(access, AccessMode.CHANGE_FEED, page.learners, request_id=request.request_id)
        record_disclosure_events(request, access, page.learners, AccessMode.CHANGE_FEED, disclosure)
        return Response(documents.feed_document(page))


class DatasetListView(DisclosureApiView):
    """POST requests a bulk dataset of the agreement's scope; GET lists the agreement's datasets, newest first."""

    @extend_schema(**openapi.DATASET_LIST)
    def get(self, request):
        access = agreement_access(request.user, AccessMode.BULK_DATASET)
        return Response(documents.dataset_list_document(Dataset.objects.filter(agreement=access.agreement)[:100]))

    @extend_schema(**openapi.DATASET_CREATE)
    def post(self, request):
        access = agreement_access(request.user, AccessMode.BULK_DATASET)
        file_format = requests.read_dataset_request(parse_body(read_json_body(request)), tuple(documents.WRITERS))
        dataset = datasets.request_dataset(access, file_format=file_format, user=request.user, request_id=request.request_id)
        dataset.refresh_from_db()
        response = Response(dataset_status(request, dataset), status=202)
        response["Location"] = reverse("luovutus:dataset", args=[dataset.pk])
        return response


def dataset_of(request, dataset_id):
    access = agreement_access(request.user, AccessMode.BULK_DATASET)
    dataset = Dataset.objects.select_related("disclosure", "agreement").filter(pk=dataset_id, agreement=access.agreement).first()
    if dataset is None:
        raise RegisterError(errors.DISCLOSURE_DATASET_NOT_FOUND(value=dataset_id))
    return access, dataset


def dataset_status(request, dataset):
    """Return a dataset's status document, with a fresh download link while its file can be downloaded."""
    download = None
    try:
        datasets.check_ready(dataset)
    except RegisterError:
        pass
    else:
        token, expires_at = datasets.download_link(dataset)
        url = request.build_absolute_uri(reverse("luovutus:dataset-file", args=[dataset.pk])) + f"?linkki={token}"
        download = (url, expires_at)
    return documents.dataset_document(dataset, download)


class DatasetView(DisclosureApiView):
    """Return a bulk dataset's status and progress, and a download link valid for TOR_DATASET_LINK_SECONDS once it is ready."""

    @extend_schema(**openapi.DATASET_STATUS)
    def get(self, request, dataset_id):
        _access, dataset = dataset_of(request, dataset_id)
        return Response(dataset_status(request, dataset))


class DatasetFileView(DisclosureApiView):
    """Download a bulk dataset's file with a link from its status: the link and the client's token are both needed."""

    @extend_schema(**openapi.DATASET_FILE)
    def get(self, request, dataset_id):
        access, dataset = dataset_of(request, dataset_id)
        path = datasets.file_for_download(dataset, request.query_params.get("linkki"))
        if not path.is_file():
            raise RegisterError(errors.DISCLOSURE_DATASET_EXPIRED(value=dataset.pk, expired="-"))
        audit.record_on_success(
            AuditAction.EXPORT, subjects=[audit.Subject("")], agreement_id=access.agreement.pk,
            details={"view": audit.view_name(request), "dataset": dataset.pk},
        )
        response = FileResponse(
            open(path, "rb"), as_attachment=True, content_type=documents.CONTENT_TYPES[dataset.format],
            filename=f"tor-dataset-{dataset.pk}.{documents.FILE_SUFFIXES[dataset.format]}",
        )
        response["Cache-Control"] = "no-store"
        return response


class AggregateView(DisclosureApiView):
    """Return counts of study rights or qualifications grouped by up to three dimensions, small cells suppressed.

    The counts contain no learner's data, so the view writes no disclosure log rows and records
    no audit event.
    """

    @extend_schema(**openapi.AGGREGATES)
    def get(self, request):
        access = agreement_access(request.user, AccessMode.AGGREGATES)
        query = requests.read_aggregate_request(
            request.query_params, {subject: tuple(columns) for subject, columns in DIMENSIONS.items()}, MAX_DIMENSIONS,
        )
        threshold = settings.TOR_AGGREGATE_MIN_CELL
        cells = aggregate(access, query.subject, query.dimensions, years=query.years, threshold=threshold)
        return Response(documents.aggregate_document(query.subject, query.dimensions, cells, threshold))
