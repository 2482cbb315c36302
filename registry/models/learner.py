from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Learner(models.Model):
    """A learner (oppija): a person with records in the register.

    The personal identity code is stored encrypted; `identity_code_hash` is a keyed hash of it for
    lookups. A learner found to be a duplicate points to its master through `master`, and every
    read and write of the duplicate's OID is resolved to the master.
    """

    oid = models.CharField(_("learner OID"), max_length=64, unique=True)
    identity_code_ciphertext = models.TextField(_("personal identity code (encrypted)"), blank=True)
    identity_code_hash = models.CharField(_("personal identity code lookup hash"), max_length=64, null=True, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    calling_name = models.CharField(_("calling name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    mother_tongue = models.CharField(_("mother tongue"), max_length=16, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    non_disclosure = models.BooleanField(
        _("non-disclosure order"), default=False,
        help_text=_("Institution and place details are masked for recipients not entitled to them."),
    )
    master = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="merged_learners",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        ordering = ["last_name", "first_names", "oid"]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_code_hash"], condition=Q(identity_code_hash__isnull=False),
                name="learner_unique_identity_code",
            ),
        ]

    def __str__(self):
        name = " ".join(part for part in (self.first_names, self.last_name) if part)
        return f"{name} ({self.oid})" if name else self.oid

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_names, self.last_name) if part)
