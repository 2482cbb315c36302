from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import localised


class OrganisationKind(models.TextChoices):
    """Primary kind of an organisation, from the organisation service's type codes."""

    EDUCATION_PROVIDER = "provider", _("education provider")
    INSTITUTION = "institution", _("institution")
    UNIT = "unit", _("unit")
    EARLY_EDUCATION_PROVIDER = "early_education_provider", _("early childhood education provider")
    EARLY_EDUCATION_UNIT = "early_education_unit", _("early childhood education unit")
    APPRENTICESHIP_UNIT = "apprenticeship_unit", _("apprenticeship unit")
    AUTHORITY = "authority", _("authority")
    OTHER = "other", _("other organisation")


# Type codes of the organisation service (code set `organisaatiotyyppi`), in order of precedence.
ORGANISATION_TYPE_KINDS = {
    "organisaatiotyyppi_01": OrganisationKind.EDUCATION_PROVIDER,
    "KOULUTUSTOIMIJA": OrganisationKind.EDUCATION_PROVIDER,
    "organisaatiotyyppi_02": OrganisationKind.INSTITUTION,
    "OPPILAITOS": OrganisationKind.INSTITUTION,
    "organisaatiotyyppi_03": OrganisationKind.UNIT,
    "TOIMIPISTE": OrganisationKind.UNIT,
    "organisaatiotyyppi_07": OrganisationKind.EARLY_EDUCATION_PROVIDER,
    "organisaatiotyyppi_08": OrganisationKind.EARLY_EDUCATION_UNIT,
    "organisaatiotyyppi_04": OrganisationKind.APPRENTICESHIP_UNIT,
    "organisaatiotyyppi_09": OrganisationKind.AUTHORITY,
}


class Organisation(models.Model):
    """An organisation (organisaatio): education provider, institution, unit or authority.

    `path` lists the OIDs from the root down to this organisation, each followed by "/", so
    "this organisation and everything under it" is one indexed prefix query on `path`.
    """

    oid = models.CharField(_("OID"), max_length=64, unique=True)
    name = models.JSONField(_("name"), default=dict, help_text=_("Names by language code: fi, sv, en."))
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    type_codes = models.JSONField(_("organisation types"), default=list)
    institution_number = models.CharField(_("institution number"), max_length=16, blank=True, db_index=True)
    institution_type = models.CharField(_("institution type"), max_length=64, blank=True)
    unit_code = models.CharField(_("unit code"), max_length=32, blank=True)
    business_id = models.CharField(_("business ID"), max_length=16, blank=True)
    municipality_code = models.CharField(_("home municipality"), max_length=8, blank=True)
    languages = models.JSONField(_("languages of instruction"), default=list)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("hierarchy path"), max_length=2000)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("closed on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        permissions = [
            ("read_study_rights", _("Can read study rights of the organisation and those below it")),
            ("write_study_rights", _("Can write study rights of the organisation and those below it")),
            ("invalidate_study_rights", _("Can invalidate study rights of the organisation and those below it")),
            ("sensitive_study_rights", _("Can read and change sensitive data of study rights of the organisation and those below it")),
            ("detach_study_rights", _("Can detach study rights of the organisation and those below it from their source systems")),
        ]
        indexes = [
            # The pattern operator class lets PostgreSQL serve `LIKE 'prefix%'` from the index
            # whatever the database collation; other databases ignore the operator class.
            models.Index(fields=["path"], opclasses=["varchar_pattern_ops"], name="organisation_path_prefix"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.oid})"

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.oid

    @property
    def ancestor_oids(self):
        """OIDs from the root down to the parent of this organisation."""
        return [oid for oid in self.path.split("/") if oid][:-1]

    def subtree_filter(self, prefix=""):
        """Return a Q object matching this organisation and everything under it."""
        return Q(**{f"{prefix}path__startswith": self.path})


class InstitutionTransitionKind(models.TextChoices):
    MERGER = "merger", _("institutions merged")
    REORGANISATION = "reorganisation", _("education moved to another institution of the provider")


class InstitutionTransition(models.Model):
    """A move of study rights from one institution to another that registry staff allow (oppilaitoksen vaihto).

    An update that changes a study right's institution, but not its education provider, is
    accepted when such a pair exists, when the new institution is in the study right's
    organisation history, or when the organisation data shows the old institution closed and the
    new one active.
    """

    from_institution = models.ForeignKey(
        Organisation, verbose_name=_("from institution"), on_delete=models.PROTECT, related_name="transitions_from",
    )
    to_institution = models.ForeignKey(
        Organisation, verbose_name=_("to institution"), on_delete=models.PROTECT, related_name="transitions_to",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionTransitionKind.choices)
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Leave empty when the move is allowed for any date."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("The decision or notice behind the move."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("allowed institution change")
        verbose_name_plural = _("allowed institution changes")
        ordering = ["from_institution__path", "to_institution__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_institution", "to_institution"], name="institution_transition_unique",
                violation_error_message=_("This change of institution is already allowed."),
            ),
            models.CheckConstraint(
                condition=~Q(from_institution=models.F("to_institution")), name="institution_transition_distinct",
                violation_error_message=_("The institutions of a change must differ."),
            ),
        ]

    def __str__(self):
        return f"{self.from_institution.oid} → {self.to_institution.oid}"
