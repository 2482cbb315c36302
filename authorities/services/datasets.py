"""Bulk datasets: request one, build its file in a background job, hand out expiring download links, expire it.

`request_dataset` stores a queued Dataset and, once the request's transaction commits, queues
the Celery task `authorities.build_dataset` (in-process when CELERY_BROKER_URL is empty).
`build_dataset` writes the agreement's scope to a file one chunk of learners at a time, so its
memory stays flat whatever the number of learners: each chunk is read, projected, written to the
file and logged (a COPY of disclosure-log rows and one audit INSERT) in a short transaction of
its own, which also moves the progress counter. The file is written under a temporary name and
renamed when complete, and only then is the disclosure marked complete, so a failed job leaves
no file and no disclosure that the learner sees.
NOTE: the audit events of the chunks a failed job had written stay, because the data was read
for the dataset; their details name the dataset.
"""

import hashlib
import io
import logging
import os
import uuid
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from registry import errors
from registry.errors import RegisterError
from registry.models import ActorType, AuditAction, Learner
from registry.services import audit
from registry.services.audit import Actor

from ..models import AccessMode, Dataset, DatasetStatus
from ..selectors.access import AgreementAccess, check_in_force
from ..selectors.disclosure import disclosable_study_rights, disclosed_learners
from ..transfer_format.documents import FILE_SUFFIXES, WRITERS
from ..transfer_format.profiles import PROFILES
from . import disclosures

logger = logging.getLogger(__name__)

# A chunk's parsed documents are most of the job's memory: with 200 learners the job peaked at 189 MB, with 500 at 346 MB
# (docs/benchmarks.md, Bulk dataset).
CHUNK_LEARNERS = 200
# A job still running this long after its start is taken to have died with its worker.
STALE_JOB_HOURS = 6
LINK_SALT = "tor.authorities.dataset-download"


# Requesting


def request_dataset(access, *, file_format, user, request_id=""):
    """Store a queued dataset of the agreement's scope and queue its job after the transaction commits.

    Raises RegisterError 429 when the agreement's datasets of the last 24 hours reach its limit.
    """
    since = timezone.now() - timedelta(days=1)
    recent = Dataset.objects.filter(agreement=access.agreement, created_at__gte=since)
    if recent.count() >= access.agreement.datasets_per_day:
        oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
        wait = max(1, int((oldest + timedelta(days=1) - timezone.now()).total_seconds()))
        raise RegisterError(errors.DISCLOSURE_DATASET_LIMIT(limit=access.agreement.datasets_per_day, wait=wait))

    dataset = Dataset.objects.create(
        agreement=access.agreement, client=access.client, requested_by=user, request_id=request_id or "",
        format=file_format,
    )
    logger.info("dataset_requested dataset_id=%s agreement_id=%s format=%s", dataset.pk, access.agreement.pk, file_format)
    transaction.on_commit(lambda: _queue(dataset.pk))
    return dataset


def _queue(dataset_id):
    from ..tasks import build_dataset as build_task

    build_task.delay(dataset_id)


# Building


def build_dataset(dataset_id):
    """Build the file of a queued dataset; return the Dataset. A dataset that is not queued is left as it is.

    Any error ends the job with status failed and the key `internalError`, logged with the
    dataset's id, and removes the partial file. A Celery task that is delivered twice therefore
    builds the file once.
    """
    claimed = Dataset.objects.filter(pk=dataset_id, status=DatasetStatus.QUEUED).update(
        status=DatasetStatus.RUNNING, started_at=timezone.now(),
    )
    dataset = Dataset.objects.select_related("agreement", "client", "requested_by").get(pk=dataset_id)
    if not claimed:
        logger.info("dataset_not_queued dataset_id=%s status=%s", dataset_id, dataset.status)
        return dataset

    try:
        check_in_force(dataset.agreement)
        access = AgreementAccess(agreement=dataset.agreement, client=dataset.client, profile=PROFILES[dataset.agreement.profile])
        _write_file(dataset, access)
    except RegisterError as error:
        _fail(dataset, error.errors[0].key.key)
        logger.warning("dataset_refused dataset_id=%s key=%s", dataset_id, error.errors[0].key.key)
    except Exception:
        # The job must end in a status the authority can read, whatever failed; the traceback is logged.
        logger.exception("dataset_failed dataset_id=%s", dataset_id)
        _fail(dataset, errors.INTERNAL_ERROR.key)
    dataset.refresh_from_db()
    return dataset


def _write_file(dataset, access):
    """Write every learner of the agreement's scope to the dataset's file, then complete the dataset."""
    root = Path(settings.TOR_DATASET_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    name = f"{dataset.pk}-{uuid.uuid4().hex}.{FILE_SUFFIXES[dataset.format]}"
    partial = root / f"{name}.part"
    owners = _owner_ids(access)
    Dataset.objects.filter(pk=dataset.pk).update(learners_total=owners.count())
    disclosure = disclosures.open_disclosure(access, AccessMode.BULK_DATASET, request_id=dataset.request_id, complete=False)
    Dataset.objects.filter(pk=dataset.pk).update(disclosure=disclosure)
    actor = _actor(dataset)

    digest = hashlib.sha256()
    with open(partial, "wb") as raw:
        stream = _HashingWriter(raw, digest)
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        writer = WRITERS[dataset.format](text)
        writer.write_header()
        # One query streams the learner ids through a server-side cursor; each chunk then reads its learners.
        owner_ids = owners.iterator(chunk_size=CHUNK_LEARNERS * 4)
        while True:
            ids = list(islice(owner_ids, CHUNK_LEARNERS))
            if not ids:
                break
            learners = list(Learner.objects.filter(pk__in=ids).order_by("pk"))
            disclosed = disclosed_learners(access, learners)
            for item in disclosed:
                writer.write(item.document)
            text.flush()
            _log_chunk(dataset, disclosure, disclosed, len(ids), actor)
        text.flush()
        raw.flush()
        os.fsync(raw.fileno())
        text.detach()

    final = root / name
    os.replace(partial, final)
    finished = timezone.now()
    with transaction.atomic():
        disclosure.complete = True
        disclosure.disclosed_at = finished
        disclosure.save(update_fields=["complete", "disclosed_at"])
        Dataset.objects.filter(pk=dataset.pk).update(
            status=DatasetStatus.COMPLETED, finished_at=finished, file_name=name, file_size=final.stat().st_size,
            sha256=digest.hexdigest(), expires_at=finished + timedelta(hours=dataset.agreement.dataset_retention_hours),
        )
    logger.info("dataset_completed dataset_id=%s bytes=%s", dataset.pk, final.stat().st_size)


def _owner_ids(access):
    """Return a query of the ids of the learners (masters) with a study right the agreement may disclose, ascending."""
    return (
        disclosable_study_rights(access)
        .annotate(owner=Coalesce("learner__master_id", "learner_id"))
        .values_list("owner", flat=True).distinct().order_by("owner")
    )


def _log_chunk(dataset, disclosure, disclosed, examined, actor):
    with transaction.atomic():
        disclosures.add_learners(disclosure, disclosed)
        audit.record_many(
            AuditAction.DISCLOSURE, subjects=disclosures.audit_subjects(disclosed), actor=actor,
            agreement_id=dataset.agreement_id, request_id=dataset.request_id or None,
            details={"mode": AccessMode.BULK_DATASET, "dataset": dataset.pk},
        )
        Dataset.objects.filter(pk=dataset.pk).update(
            learners_done=F("learners_done") + examined,
            study_rights_done=F("study_rights_done") + sum(item.study_right_count for item in disclosed),
        )


def _actor(dataset):
    if dataset.requested_by is not None:
        return Actor.for_user(dataset.requested_by, ActorType.AUTHORITY_CLIENT)
    return Actor.system("authorities.build_dataset")


def _fail(dataset, key):
    Dataset.objects.filter(pk=dataset.pk).update(status=DatasetStatus.FAILED, finished_at=timezone.now(), error_key=key)
    for path in Path(settings.TOR_DATASET_ROOT).glob(f"{dataset.pk}-*.part"):
        path.unlink(missing_ok=True)


class _HashingWriter(io.RawIOBase):
    """A binary stream that writes to `raw` and feeds every byte to `digest` on the way."""

    def __init__(self, raw, digest):
        self.raw = raw
        self.digest = digest

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        return self.raw.write(data)


# Downloading and expiry


def download_link(dataset):
    """Return (token, expires_at) of a signed link to the dataset's file, valid for TOR_DATASET_LINK_SECONDS."""
    token = signing.TimestampSigner(salt=LINK_SALT).sign(f"{dataset.pk}:{dataset.sha256}")
    expires_at = timezone.now() + timedelta(seconds=settings.TOR_DATASET_LINK_SECONDS)
    return token, min(expires_at, dataset.expires_at) if dataset.expires_at else expires_at


def file_for_download(dataset, token):
    """Return the path of a completed dataset's file when `token` is a valid, unexpired link to it; else raise RegisterError."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign(token or "", max_age=settings.TOR_DATASET_LINK_SECONDS)
    except signing.BadSignature as error:
        raise RegisterError(errors.DISCLOSURE_LINK_INVALID()) from error
    if value != f"{dataset.pk}:{dataset.sha256}":
        raise RegisterError(errors.DISCLOSURE_LINK_INVALID())
    check_ready(dataset)
    return Path(settings.TOR_DATASET_ROOT) / dataset.file_name


def check_ready(dataset):
    """Raise RegisterError unless the dataset's file can be downloaded now: 410 when expired, 409 when not ready."""
    if dataset.status == DatasetStatus.EXPIRED or (dataset.expires_at and dataset.expires_at <= timezone.now()):
        raise RegisterError(errors.DISCLOSURE_DATASET_EXPIRED(
            value=dataset.pk, expired=dataset.expires_at.isoformat() if dataset.expires_at else "-",
        ))
    if dataset.status != DatasetStatus.COMPLETED:
        raise RegisterError(errors.DISCLOSURE_DATASET_NOT_READY(value=dataset.pk, status=dataset.status))


def delete_expired_datasets(now=None):
    """Delete the files of completed datasets past their expiry and mark them expired; return how many expired.

    Jobs that have run longer than STALE_JOB_HOURS end as failed with `internalError`, because a
    worker that died left them running and a redelivered task does not take a running job over.
    """
    now = now or timezone.now()
    stale = Dataset.objects.filter(status=DatasetStatus.RUNNING, started_at__lt=now - timedelta(hours=STALE_JOB_HOURS))
    for dataset in stale:
        _fail(dataset, errors.INTERNAL_ERROR.key)
        logger.error("dataset_stale dataset_id=%s started_at=%s", dataset.pk, dataset.started_at.isoformat())
    expired = 0
    for dataset in Dataset.objects.filter(status=DatasetStatus.COMPLETED, expires_at__lte=now):
        if dataset.file_name:
            (Path(settings.TOR_DATASET_ROOT) / dataset.file_name).unlink(missing_ok=True)
        Dataset.objects.filter(pk=dataset.pk, status=DatasetStatus.COMPLETED).update(status=DatasetStatus.EXPIRED)
        expired += 1
        logger.info("dataset_expired dataset_id=%s", dataset.pk)
    return expired
