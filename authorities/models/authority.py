from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus

from registry.models.fields import localised


def validate_business_id(value):
    """Reject a Finnish business ID (Y-tunnus) with a wrong form or check digit."""
    if not ytunnus.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid business ID. Write it as 1234567-8 with a correct check digit."),
            code="invalid_business_id", params={"value": value},
        )


class Authority(models.Model):
    """An authority (viranomainen) that receives learners' data under data-sharing agreements: Kela, Tilastokeskus, Migri …

    `organisation` links the authority to its row in the organisation hierarchy when the
    organisation service lists it.
    """

    name = models.JSONField(_("name"), default=dict, help_text=_("Names by language code: fi, sv, en."))
    business_id = models.CharField(
        _("business ID"), max_length=9, unique=True, validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), such as 0246246-0."),
    )
    organisation = models.OneToOneField(
        "registry.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="authority",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["business_id"]

    def __str__(self):
        return self.display_name or self.business_id

    @property
    def display_name(self):
        return localised(self.name, get_language())
