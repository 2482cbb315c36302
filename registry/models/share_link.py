from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShareSelection(models.TextChoices):
    """What a share link shows of the learner's record."""

    # Whole study rights in `study_right_oids` and single top-level achievements in `achievements`.
    CHOSEN = "chosen", _("chosen study rights and achievements")
    COMPLETED_QUALIFICATIONS = "completed_qualifications", _("all completed qualifications")


class SharePurpose(models.TextChoices):
    # A link the learner created to show chosen achievements to someone.
    SHARE = "share", _("share link")
    # The verification address printed on a PDF transcript of the whole record.
    TRANSCRIPT = "transcript", _("transcript verification")


class ShareLink(models.Model):
    """A share link (suoritusjako): a secret URL that shows chosen parts of a learner's record to anyone holding it.

    The URL carries a random secret; the register stores only its SHA-256 digest (`secret_hash`),
    so the link cannot be rebuilt from the database. `study_right_oids` and `achievements` hold
    the selection; `achievements` lists {"study_right": OID, "type": type code, "module": module
    code} of single top-level achievements, which still finds them after the provider reorders them.
    A link works until `expires_on` (inclusive) unless it is revoked. `registry.services.share_links`
    writes every change.
    """

    learner = models.ForeignKey(
        "registry.Learner", verbose_name=_("learner"), on_delete=models.PROTECT, related_name="share_links",
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=SharePurpose.choices, default=SharePurpose.SHARE)
    selection = models.CharField(_("selection"), max_length=32, choices=ShareSelection.choices)
    study_right_oids = models.JSONField(_("study rights"), default=list, blank=True)
    achievements = models.JSONField(_("top-level achievements"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_on = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    last_viewed_at = models.DateTimeField(_("last viewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["learner", "-created_at"], name="share_link_learner_recent"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} #{self.pk}"

    def is_active(self, today=None):
        """Return whether the link still opens: not revoked and not past its last day."""
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today
