from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import localised


class QualificationDescription(models.Model):
    """A qualification or curriculum description (tutkinnon peruste) from ePerusteet.

    One diary number can have several descriptions with different validity periods, so the
    pair (ePerusteet id, diary number) identifies a description.
    """

    eperusteet_id = models.BigIntegerField(_("ePerusteet ID"))
    diary_number = models.CharField(_("diary number"), max_length=64, db_index=True)
    name = models.JSONField(_("name"), default=dict)
    education_type = models.CharField(_("education type"), max_length=64, blank=True)
    qualification_codes = models.JSONField(
        _("qualification codes"), default=list, help_text=_("Values of code set `koulutus`.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    transition_ends = models.DateField(
        _("transition period ends"), null=True, blank=True,
        help_text=_("Students who started under this description may finish under it until this date."),
    )
    competence_areas = models.JSONField(
        _("competence areas"), default=list, help_text=_("Values of code set `osaamisala` with names.")
    )
    titles = models.JSONField(
        _("qualification titles"), default=list, help_text=_("Values of code set `tutkintonimikkeet` with names.")
    )
    completion_methods = models.JSONField(
        _("completion methods"), default=list,
        help_text=_("Per completion method: its code, scope unit and the unit groups with their unit codes."),
    )
    source_modified_at = models.DateTimeField(_("modified in ePerusteet"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("qualification description")
        verbose_name_plural = _("qualification descriptions")
        ordering = ["diary_number", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["eperusteet_id", "diary_number"], name="qualification_description_unique"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.diary_number})"

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.diary_number


class QualificationUnit(models.Model):
    """A unit (tutkinnon osa) of a qualification description, with its competence requirements."""

    description = models.ForeignKey(
        QualificationDescription, verbose_name=_("qualification description"),
        on_delete=models.CASCADE, related_name="units",
    )
    code = models.CharField(_("unit code"), max_length=32, help_text=_("Value of code set `tutkinnonosat`."))
    name = models.JSONField(_("name"), default=dict)
    scope = models.DecimalField(_("scope"), max_digits=8, decimal_places=2, null=True, blank=True)
    scope_unit = models.CharField(_("scope unit"), max_length=32, blank=True)
    mandatory = models.BooleanField(_("mandatory"), null=True)
    competence_requirements = models.JSONField(
        _("competence requirements"), default=dict, blank=True,
        help_text=_("Objectives and criteria as ePerusteet states them, by language."),
    )
    assessment = models.JSONField(_("assessment criteria"), default=dict, blank=True)
    sub_areas = models.JSONField(_("sub-areas"), default=list, blank=True)

    class Meta:
        verbose_name = _("qualification unit")
        verbose_name_plural = _("qualification units")
        ordering = ["description", "code"]
        constraints = [
            models.UniqueConstraint(fields=["description", "code"], name="qualification_unit_unique_code"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.code
