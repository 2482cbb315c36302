from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The most learners one lookup request may name, whatever an agreement allows.
MAX_LOOKUP_BATCH = 1000


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class AccessMode(models.TextChoices):
    """The ways an authority may receive data under an agreement."""

    LOOKUP = "lookup", _("lookup of learners by identity code or OID")
    CHANGE_FEED = "change_feed", _("change feed of study rights")
    BULK_DATASET = "bulk_dataset", _("bulk datasets")
    AGGREGATES = "aggregates", _("aggregate statistics")


class DataSharingAgreement(models.Model):
    """A data-sharing agreement (tietoluovutussopimus): the only way an authority receives learners' data.

    It names the legal basis and the purpose of the disclosure, the period it is valid for, the
    study-right types (education types) and the data profile it covers, the access modes it
    allows and their limits. An authority may receive data only while the agreement is active
    and within that period (`is_in_force`). Authority clients hold the object permission
    `use_agreement` on it; the authority's staff hold `view_agreement`, which shows the agreement
    and its disclosure statistics in the admin. `authorities.services.agreements` makes every
    change and keeps each one as an AgreementVersion.
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
    education_types = models.JSONField(
        _("education types"), default=list, blank=True,
        help_text=_("Values of code set `opiskeluoikeudentyyppi` the authority receives. Study rights of other types are never disclosed."),
    )
    profile = models.CharField(
        _("data profile"), max_length=64, blank=True,
        help_text=_("The parts of the record the authority receives, as defined in docs/disclosure.md."),
    )
    access_modes = models.JSONField(_("access modes"), default=list, blank=True)
    receives_non_disclosure_details = models.BooleanField(
        _("receives details hidden by a non-disclosure order"), default=False,
        help_text=_("Whether the law entitles the authority to the institution and place details of learners with a non-disclosure order. Otherwise they are masked."),
    )
    lookup_batch_limit = models.PositiveIntegerField(
        _("learners per lookup"), default=MAX_LOOKUP_BATCH,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LOOKUP_BATCH)],
        help_text=_("The most learners one lookup request may name, 1 to 1000."),
    )
    datasets_per_day = models.PositiveIntegerField(
        _("bulk datasets per day"), default=4, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The most bulk datasets the authority may request in 24 hours."),
    )
    dataset_retention_hours = models.PositiveIntegerField(
        _("dataset retention (hours)"), default=72, validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("Hours a finished bulk dataset is kept for download before its file is deleted."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")
        ordering = ["authority__business_id", "-valid_from", "name"]
        permissions = [
            ("use_agreement", _("Can receive data under the data-sharing agreement")),
            ("view_agreement", _("Can view the data-sharing agreement and its disclosure statistics")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agreement_valid_to_after_valid_from",
                violation_error_message=_("The agreement must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(lookup_batch_limit__gte=1) & Q(lookup_batch_limit__lte=MAX_LOOKUP_BATCH),
                name="agreement_lookup_batch_limit_range",
                violation_error_message=_("A lookup may name 1 to 1000 learners."),
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

    def allows(self, mode):
        return mode in self.access_modes

    def clean(self):
        """Check the profile, education types and access modes against each other and the profile's definition."""
        super().clean()
        from ..transfer_format.profiles import DISCLOSABLE_TYPES, PROFILES

        problems = {}
        unknown_modes = sorted(set(self.access_modes) - set(AccessMode.values))
        if unknown_modes:
            problems["access_modes"] = _("Unknown access modes: %(modes)s.") % {"modes": ", ".join(unknown_modes)}
        profile = PROFILES.get(self.profile)
        if self.profile and profile is None:
            problems["profile"] = _("No data profile is called %(profile)s.") % {"profile": self.profile}
        if profile is not None:
            outside = sorted(set(self.education_types) - set(profile.education_types))
            if outside:
                problems["education_types"] = _(
                    "The profile %(profile)s does not cover these education types: %(types)s."
                ) % {"profile": profile.code, "types": ", ".join(outside)}
            if profile.aggregates_only and set(self.access_modes) - {AccessMode.AGGREGATES}:
                problems["access_modes"] = _(
                    "The profile %(profile)s gives aggregate statistics only: choose only that access mode."
                ) % {"profile": profile.code}
        unknown_types = sorted(set(self.education_types) - set(DISCLOSABLE_TYPES))
        if unknown_types:
            problems["education_types"] = _("These are not education types of the register: %(types)s.") % {
                "types": ", ".join(unknown_types),
            }
        if self.status == AgreementStatus.ACTIVE and not (self.profile and self.education_types and self.access_modes):
            problems.setdefault("status", _(
                "An active agreement needs a data profile, at least one education type and at least one access mode."
            ))
        if problems:
            raise ValidationError(problems)


class AgreementVersion(models.Model):
    """One saved state of a data-sharing agreement, written by the service that changes it.

    `values` holds every field of the agreement after the change, so the history answers what
    the agreement allowed on any day; `changed_fields` names what this change altered.
    """

    agreement = models.ForeignKey(
        DataSharingAgreement, verbose_name=_("data-sharing agreement"), on_delete=models.PROTECT, related_name="versions",
    )
    version = models.PositiveIntegerField(_("version number"))
    changed_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    changed_by_name = models.CharField(_("changed by"), max_length=150, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    values = models.JSONField(_("values"))

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="agreement_version_unique"),
        ]

    def __str__(self):
        return f"{self.agreement_id} v{self.version}"
