from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import CurrentTransactionId
from .fields import DocumentField


class StudyRight(models.Model):
    """A study right (opiskeluoikeus): one provider's record of a learner's enrolment.

    `document` is the whole record in the national transfer format as last accepted, enriched with
    code and organisation names, without the register-managed `oid`, `versionumero` and
    `aikaleima`, which live in columns. The other columns are copies for filtering, permissions
    and indexes; the document is the truth.
    """

    oid = models.CharField(_("study right OID"), max_length=64, unique=True)
    learner = models.ForeignKey(
        "registry.Learner", verbose_name=_("learner"), on_delete=models.PROTECT, related_name="study_rights",
    )
    type = models.CharField(_("type"), max_length=64, help_text=_("Value of code set `opiskeluoikeudentyyppi`."))
    institution = models.ForeignKey(
        "registry.Organisation", verbose_name=_("institution"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="institution_study_rights",
    )
    provider = models.ForeignKey(
        "registry.Organisation", verbose_name=_("education provider"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="provider_study_rights",
    )
    parent_institution = models.ForeignKey(
        "registry.Organisation", verbose_name=_("institution of the including study right"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("The other provider's institution named in sisältyyOpiskeluoikeuteen; it may read this study right."),
    )
    source_system = models.CharField(_("source system"), max_length=64, blank=True)
    source_id = models.CharField(_("source ID"), max_length=256, blank=True)
    version = models.PositiveIntegerField(_("version number"), default=1)
    invalidated = models.BooleanField(_("invalidated"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=64, blank=True, help_text=_("Value of code set `koskiopiskeluoikeudentila`."),
    )
    parent_study_right_oid = models.CharField(
        _("included in study right"), max_length=64, blank=True,
        help_text=_("Another provider's study right that this one belongs to."),
    )
    document = DocumentField(_("document"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"))
    imported_timestamp = models.CharField(
        _("imported time stamp"), max_length=40, blank=True,
        help_text=_("The current version's aikaleima exactly as the national service wrote it; empty for versions the register wrote."),
    )

    class Meta:
        verbose_name = _("study right")
        verbose_name_plural = _("study rights")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["institution", "source_system", "source_id"], name="study_right_source"),
            models.Index(fields=["provider", "-updated_at"], name="study_right_provider_recent"),
            models.Index(fields=["institution", "-updated_at"], name="study_right_institution_recent"),
            models.Index(fields=["parent_study_right_oid"], name="study_right_parent"),
            # The admin list's newest first, with the columns its organisation scope filters on, so that
            # PostgreSQL finds a page's ids from the index alone (registry.admin.study_right_list).
            models.Index(
                fields=["-updated_at", "-id", "provider", "institution", "parent_institution", "type"],
                name="study_right_recent",
            ),
        ]

    def __str__(self):
        return self.oid


class VersionSource(models.TextChoices):
    API = "api", _("transfer API")
    ADMIN = "admin", _("admin")
    IMPORT = "import", _("import")
    DEMO = "demo", _("demo data")


class StudyRightVersion(models.Model):
    """One accepted change of a study right (versio), stored as an RFC 6902 patch.

    The patch turns the previous version's document into this version's; version 1 adds the whole
    document. Every `SNAPSHOT_INTERVAL` versions the full document is kept as well, so any version
    is rebuilt from the nearest snapshot at or before it.
    """

    SNAPSHOT_INTERVAL = 50

    study_right = models.ForeignKey(
        StudyRight, verbose_name=_("study right"), on_delete=models.PROTECT, related_name="versions",
    )
    version = models.PositiveIntegerField(_("version number"))
    created_at = models.DateTimeField(_("time"))
    imported_timestamp = models.CharField(
        _("imported time stamp"), max_length=40, blank=True,
        help_text=_("The version's aikaleima exactly as the national service wrote it; empty for versions the register wrote."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True, help_text=_("User name when written."))
    source = models.CharField(_("source"), max_length=16, choices=VersionSource.choices)
    patch = DocumentField(_("change"))
    snapshot = DocumentField(_("full document"), null=True, blank=True)
    # The disclosure API's change feed reads versions in the order of this column and only below the
    # oldest running transaction, so a consumer never skips a version that commits late (docs/disclosure.md).
    transaction_id = models.BigIntegerField(
        _("database transaction"), null=True, blank=True, editable=False, db_default=CurrentTransactionId(),
        help_text=_("PostgreSQL transaction that wrote the version; orders the change feed."),
    )

    class Meta:
        verbose_name = _("study right version")
        verbose_name_plural = _("study right versions")
        ordering = ["study_right", "version"]
        constraints = [
            models.UniqueConstraint(fields=["study_right", "version"], name="study_right_version_unique"),
        ]
        indexes = [
            models.Index(fields=["transaction_id", "id"], name="study_right_version_feed"),
        ]

    def __str__(self):
        return f"{self.study_right_id} v{self.version}"

    @classmethod
    def keeps_snapshot(cls, version):
        return version % cls.SNAPSHOT_INTERVAL == 1
