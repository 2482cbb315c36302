from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class DataSharingAgreement(models.Model):
    """A data-sharing agreement (tietoluovutussopimus): the only way an authority receives learners' data.

    It names the legal basis and the purpose of the disclosure and the period it is valid for. An
    authority may receive data only while the agreement is active and within that period
    (`is_in_force`). Authority clients hold the object permission `use_agreement` on it.
    NOTE: the education types, data profile, access modes and batch limits of an agreement are
    not modelled yet, and no disclosure API reads agreements so far.
    """

    authority = models.ForeignKey(
        "authorities.Authority", verbose_name=_("authority"), on_delete=models.PROTECT, related_name="agreements",
    )
    name = models.CharField(_("name"), max_length=255)
    diary_number = models.CharField(
        _("diary number"), max_length=64, blank=True, help_text=_("The agreement's diary number at the agency."),
    )
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The provisions of law that entitle the authority to the data."),
    )
    purpose = models.TextField(_("purpose"), help_text=_("What the authority uses the data for."))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until further notice."))
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")
        ordering = ["authority__business_id", "-valid_from", "name"]
        permissions = [("use_agreement", _("Can receive data under the data-sharing agreement"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agreement_valid_to_after_valid_from",
                violation_error_message=_("The agreement must end on or after the day it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_in_force(self, on=None):
        """Return whether the agreement is active and valid on the date `on` (today by default)."""
        on = on or timezone.localdate()
        if self.status != AgreementStatus.ACTIVE or on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to
