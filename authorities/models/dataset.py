from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetFormat(models.TextChoices):
    JSON_LINES = "jsonl", _("JSON Lines: one learner per line")
    CSV = "csv", _("CSV: one value per row")


class DatasetStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")


class Dataset(models.Model):
    """A bulk dataset (aineisto): a background job that writes the agreement's scope to a file for download.

    The job (`authorities.tasks.build_dataset`) writes the file under settings.TOR_DATASET_ROOT,
    counts its progress in `learners_done` of `learners_total`, and links the Disclosure whose log
    rows name every learner in the file. The file is deleted at `expires_at`.
    """

    agreement = models.ForeignKey(
        "authorities.DataSharingAgreement", verbose_name=_("data-sharing agreement"), on_delete=models.PROTECT,
        related_name="datasets",
    )
    client = models.ForeignKey(
        "authorities.ApiClient", verbose_name=_("API client"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="datasets",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    request_id = models.CharField(_("request ID"), max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=DatasetFormat.choices)
    status = models.CharField(_("status"), max_length=16, choices=DatasetStatus.choices, default=DatasetStatus.QUEUED)
    learners_total = models.PositiveIntegerField(_("learners in scope"), null=True, blank=True)
    learners_done = models.PositiveIntegerField(_("learners written"), default=0)
    study_rights_done = models.PositiveIntegerField(_("study rights written"), default=0)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    disclosure = models.OneToOneField(
        "authorities.Disclosure", verbose_name=_("disclosure"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="dataset",
    )
    error_key = models.CharField(_("error"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk dataset")
        verbose_name_plural = _("bulk datasets")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_at"], name="dataset_expiry")]

    def __str__(self):
        return f"{self.get_format_display()} #{self.pk}"
