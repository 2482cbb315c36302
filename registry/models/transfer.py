from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferAttempt(models.Model):
    """The latest transfer (tiedonsiirto) of one learner by one saving organisation, and its outcome.

    One row per (saving organisation, learner): a later transfer replaces the outcome, so a
    successful transfer clears the learner from the organisation's error list. A failed transfer
    keeps the document sent, encrypted, because it may hold identity codes.
    """

    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="transfer_attempts",
    )
    organisation_key = models.CharField(
        _("organisation key"), max_length=64, help_text=_("OID of the saving organisation, or the user for unreadable transfers."),
    )
    learner_key = models.CharField(
        _("learner key"), max_length=128, help_text=_("Identity-code hash, learner OID, or a hash of an unreadable body."),
    )
    learner = models.ForeignKey(
        "registry.Learner", verbose_name=_("learner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="transfer_attempts",
    )
    learner_oid = models.CharField(_("learner OID"), max_length=64, blank=True)
    identity_code_ciphertext = models.TextField(_("personal identity code (encrypted)"), blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    last_name = models.CharField(_("last name"), max_length=200, blank=True)
    source_system = models.CharField(_("source system"), max_length=64, blank=True)
    succeeded = models.BooleanField(_("succeeded"))
    errors = models.JSONField(_("errors"), default=list, blank=True)
    document_ciphertext = models.TextField(_("document sent (encrypted)"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    attempts = models.PositiveIntegerField(_("transfers"), default=1)
    updated_at = models.DateTimeField(_("last transfer"))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation_key", "learner_key"], name="transfer_attempt_unique_learner"),
        ]
        indexes = [
            models.Index(fields=["organisation", "succeeded", "-updated_at"], name="transfer_attempt_errors"),
        ]

    def __str__(self):
        return f"{self.organisation_key} {self.learner_oid or self.learner_key[:12]}"
