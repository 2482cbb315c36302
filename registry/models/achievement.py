from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import localised


class Achievement(models.Model):
    """An achievement (suoritus) derived from a study right's document.

    The rows are rebuilt in the same transaction as every write of the study right and are never
    edited directly. They serve the admin, the citizen pages, filters and statistics.
    """

    study_right = models.ForeignKey(
        "registry.StudyRight", verbose_name=_("study right"), on_delete=models.CASCADE, related_name="achievements",
    )
    learner = models.ForeignKey(
        "registry.Learner", verbose_name=_("learner"), on_delete=models.CASCADE, related_name="achievements",
    )
    # A study right's rows are deleted and rebuilt together, so deleting a parent needs no cascade
    # and the rebuild is one DELETE statement.
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.DO_NOTHING, related_name="parts",
    )
    position = models.CharField(
        _("position in document"), max_length=256, help_text=_("JSON pointer of the achievement in the document."),
    )
    sequence = models.PositiveIntegerField(_("order"), help_text=_("Order of the achievement in the document."))
    depth = models.PositiveSmallIntegerField(_("depth"), help_text=_("0 for a top-level achievement."))
    type = models.CharField(_("type"), max_length=128, help_text=_("Value of code set `suorituksentyyppi`."))
    module_code = models.CharField(_("module code"), max_length=128, blank=True)
    module_code_set = models.CharField(
        _("module code set"), max_length=128, blank=True, help_text=_("Empty for a local module."),
    )
    name = models.JSONField(_("name"), default=dict)
    scope = models.DecimalField(_("scope"), max_digits=9, decimal_places=2, null=True, blank=True)
    scope_unit = models.CharField(_("scope unit"), max_length=32, blank=True)
    grade = models.CharField(_("grade"), max_length=32, blank=True)
    grade_scale = models.CharField(_("grade scale"), max_length=128, blank=True)
    accepted = models.BooleanField(_("accepted"), null=True, help_text=_("Whether the best grade is a pass."))
    assessment_date = models.DateField(_("assessment date"), null=True, blank=True)
    verification_date = models.DateField(_("verification date"), null=True, blank=True)
    verification_organisation_oid = models.CharField(_("verified by"), max_length=64, blank=True)
    diary_number = models.CharField(_("diary number of the description"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["study_right", "sequence"]
        indexes = [
            models.Index(fields=["study_right", "sequence"], name="achievement_order"),
            models.Index(fields=["learner", "depth"], name="achievement_learner"),
            models.Index(fields=["type", "module_code"], name="achievement_module"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.module_code or self.type

    @property
    def is_top_level(self):
        return self.depth == 0
