from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import localised


class CodeSet(models.Model):
    """A code set (koodisto) of the national code-set service, such as `koskiopiskeluoikeudentila`."""

    uri = models.CharField(_("code set URI"), max_length=128, unique=True)
    name = models.JSONField(_("name"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("code set")
        verbose_name_plural = _("code sets")
        ordering = ["uri"]

    def __str__(self):
        return self.uri

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.uri


class Code(models.Model):
    """A code (koodi) of a code set: the pair (`code_set_uri`, `value`) is what documents reference."""

    code_set = models.ForeignKey(CodeSet, verbose_name=_("code set"), on_delete=models.CASCADE, related_name="codes")
    code_set_uri = models.CharField(_("code set URI"), max_length=128)
    value = models.CharField(_("code value"), max_length=128)
    name = models.JSONField(_("name"), default=dict)
    short_name = models.JSONField(_("short name"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("No longer listed by the code-set service; kept for old records.")
    )
    within = models.JSONField(
        _("belongs to"), default=list, blank=True, help_text=_("URIs of the codes this code belongs to.")
    )

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["code_set_uri", "value"]
        constraints = [
            models.UniqueConstraint(fields=["code_set_uri", "value"], name="code_unique_value_in_code_set"),
        ]

    def __str__(self):
        return f"{self.code_set_uri}_{self.value}"

    @property
    def display_name(self):
        return localised(self.name, get_language()) or self.value
