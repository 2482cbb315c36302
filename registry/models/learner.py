from django.conf import settings
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


class LearnerMerge(models.Model):
    """A merge of a duplicate learner into its master (oppijoiden yhdistäminen), kept so it can be undone.

    Merging sets the duplicate's `master` and moves nothing: the duplicate keeps its OID, identity
    code and study rights, and reads and writes of its OID are resolved to the master. Learners
    that had been merged into the duplicate follow it to the new master; `carried` lists their
    OIDs, so undoing the merge points them back to the duplicate.
    """

    duplicate = models.ForeignKey(
        Learner, verbose_name=_("duplicate learner"), on_delete=models.PROTECT, related_name="merges_as_duplicate",
    )
    master = models.ForeignKey(
        Learner, verbose_name=_("master learner"), on_delete=models.PROTECT, related_name="merges_as_master",
    )
    carried = models.JSONField(
        _("learners carried along"), default=list, blank=True,
        help_text=_("OIDs of learners that had been merged into the duplicate and now point to the master."),
    )
    reason = models.TextField(_("reason"))
    merged_at = models.DateTimeField(_("merged"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        verbose_name = _("learner merge")
        verbose_name_plural = _("learner merges")
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="learner_merge_one_in_force",
                violation_error_message=_("The learner is already merged into another learner."),
            ),
            models.CheckConstraint(
                condition=~Q(duplicate=models.F("master")), name="learner_merge_not_into_itself",
                violation_error_message=_("A learner cannot be merged into itself."),
            ),
        ]

    def __str__(self):
        return f"{self.duplicate.oid} → {self.master.oid}"

    @property
    def in_force(self):
        return self.undone_at is None


class LearnerNameChange(models.Model):
    """A learner's earlier names, kept when the names change (nimihistoria)."""

    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="name_changes",
    )
    first_names = models.CharField(_("earlier first names"), max_length=200, blank=True)
    calling_name = models.CharField(_("earlier calling name"), max_length=100, blank=True)
    last_name = models.CharField(_("earlier last name"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("earlier name of a learner")
        verbose_name_plural = _("earlier names of learners")
        ordering = ["learner", "-changed_at", "-pk"]

    def __str__(self):
        return f"{self.learner.oid}: {self.first_names} {self.last_name}".strip()


class IdentityCodeChange(models.TextChoices):
    TEMPORARY_REPLACED = "temporary_replaced", _("temporary code replaced by a permanent one")
    CORRECTED = "corrected", _("wrong code corrected")
    CHANGED = "changed", _("code changed by the population register")


class FormerIdentityCode(models.Model):
    """A personal identity code that a learner had before a later one replaced it.

    Kept encrypted, with its lookup hash, so a source system that still sends the old code finds
    the same learner instead of creating a duplicate.
    """

    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="former_identity_codes",
    )
    identity_code_ciphertext = models.TextField(_("personal identity code (encrypted)"))
    identity_code_hash = models.CharField(_("personal identity code lookup hash"), max_length=64, db_index=True)
    change = models.CharField(_("kind of change"), max_length=32, choices=IdentityCodeChange.choices)
    replaced_at = models.DateTimeField(_("replaced"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replaced by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("former personal identity code")
        verbose_name_plural = _("former personal identity codes")
        ordering = ["learner", "-replaced_at", "-pk"]

    def __str__(self):
        return f"{self.learner.oid}: {self.get_change_display()}"
