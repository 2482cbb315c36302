from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import AccessMode


class Disclosure(models.Model):
    """One disclosure (tietoluovutus) to an authority: a lookup answer, a change-feed page or a bulk dataset.

    It stores what every learner in it shares: the agreement, the client, the access mode, the
    agreement's legal basis, purpose and profile at that moment, and the kinds of data sent. One
    DisclosureLogEntry per learner says whose data went out. A bulk dataset's disclosure is
    `complete` only when its file is ready; the learner sees a disclosure only when it is complete.
    """

    agreement = models.ForeignKey(
        "authorities.DataSharingAgreement", verbose_name=_("data-sharing agreement"), on_delete=models.PROTECT,
        related_name="disclosures",
    )
    agreement_version = models.PositiveIntegerField(_("agreement version"), null=True, blank=True)
    client = models.ForeignKey(
        "authorities.ApiClient", verbose_name=_("API client"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="disclosures",
    )
    mode = models.CharField(_("access mode"), max_length=32, choices=AccessMode.choices)
    legal_basis = models.TextField(_("legal basis"))
    purpose = models.TextField(_("purpose"))
    profile = models.CharField(_("data profile"), max_length=64)
    data_kinds = models.JSONField(_("kinds of data"), default=list)
    disclosed_at = models.DateTimeField(_("time"), db_index=True)
    request_id = models.CharField(_("request ID"), max_length=64, blank=True)
    learner_count = models.PositiveIntegerField(_("learners"), default=0)
    complete = models.BooleanField(_("complete"), default=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_at", "-pk"]
        indexes = [models.Index(fields=["agreement", "-disclosed_at"], name="disclosure_agreement_recent")]

    def __str__(self):
        return f"{self.get_mode_display()} #{self.pk}"


class DisclosureLogEntry(models.Model):
    """One learner's data in one disclosure: the row the learner sees on the citizen pages.

    Rows are written in bulk (COPY on PostgreSQL) and never changed. `study_rights` counts the
    learner's study rights that the disclosure contained.
    """

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("disclosure"), on_delete=models.PROTECT, related_name="entries",
    )
    learner = models.ForeignKey(
        "registry.Learner", verbose_name=_("learner"), on_delete=models.PROTECT, related_name="disclosure_log_entries",
    )
    study_rights = models.PositiveIntegerField(_("study rights"), default=0)

    class Meta:
        verbose_name = _("disclosure log entry")
        verbose_name_plural = _("disclosure log entries")
        indexes = [models.Index(fields=["learner", "disclosure"], name="disclosure_log_learner")]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "learner"], name="disclosure_log_unique_learner"),
        ]

    def __str__(self):
        return f"{self.disclosure_id}/{self.learner_id}"
