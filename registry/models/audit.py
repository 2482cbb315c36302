"""The audit trail (lokitus): append-only events of every read and write of a learner's data, hash-chained.

An AuditEvent is written by the request that reads or writes, and nothing else happens at insert
time. A background job later appends one AuditLink per event to the chain of the event's
partition (`chain`, the calendar month of `occurred_at` in UTC), so no writer waits for chain work. docs/audit.md describes the chain, the sealing order and the protection triggers.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ActorType(models.TextChoices):
    USER = "user", _("user")
    SERVICE_CLIENT = "service_client", _("service client")
    CITIZEN = "citizen", _("citizen")
    AUTHORITY_CLIENT = "authority_client", _("authority client")
    # Anyone holding a citizen's share link: the register does not know who they are.
    ANONYMOUS = "anonymous", _("anonymous visitor")
    SYSTEM = "system", _("system")


class AuditAction(models.TextChoices):
    """Stable codes of what an actor did; the stored value never changes, the label is translated when shown."""

    LEARNER_READ = "learner.read", _("learner read")
    LEARNER_WRITE = "learner.write", _("learner changed")
    STUDY_RIGHT_READ = "study_right.read", _("study right read")
    STUDY_RIGHT_WRITE = "study_right.write", _("study right written")
    STUDY_RIGHT_INVALIDATE = "study_right.invalidate", _("study right invalidated")
    HISTORY_READ = "history.read", _("version history read")
    TRANSFER_LOG_READ = "transfer_log.read", _("transfer log read")
    ADMIN_VIEW = "admin.view", _("admin page viewed")
    CITIZEN_OWN_RECORD_VIEW = "citizen.own_record.view", _("own record viewed by the citizen")
    CITIZEN_TRANSCRIPT_DOWNLOAD = "citizen.transcript.download", _("transcript downloaded by the citizen")
    CITIZEN_DATA_DOWNLOAD = "citizen.data.download", _("own data downloaded by the citizen")
    CITIZEN_ACCESS_LOG_VIEW = "citizen.access_log.view", _("access log viewed by the citizen")
    SHARE_LINK_CREATE = "share_link.create", _("share link created")
    SHARE_LINK_REVOKE = "share_link.revoke", _("share link revoked")
    SHARE_LINK_EXTEND = "share_link.extend", _("share link extended")
    CITIZEN_SHARE_LINKS_VIEW = "citizen.share_links.view", _("share links viewed by the citizen")
    SHARE_LINK_VIEW = "share_link.view", _("shared achievements viewed")
    DISCLOSURE = "disclosure", _("data disclosed to an authority")
    EXPORT = "export", _("data exported")
    AUDIT_TRAIL_READ = "audit_trail.read", _("audit trail read")
    AUDIT_RETENTION = "audit.retention", _("expired audit events removed")


class CurrentTransactionId(models.Func):
    """The id of the inserting transaction: `pg_current_xact_id()` on PostgreSQL, NULL on other databases.

    The sealer orders events by this id and seals only events whose transaction has ended, which
    is what lets it seal without ever skipping an event that commits later.
    """

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        # xid8 has no cast to bigint; its text form is the full 64-bit epoch-qualified id.
        return "(pg_current_xact_id()::text::bigint)", []


class AuditEvent(models.Model):
    """One read or write of a learner's data (lokitapahtuma): who, what, whose, when and in which request.

    Rows are append-only. They hold identifiers only: never a personal identity code, never a
    learner's name, and `details` is a small JSON object of codes and ids.
    """

    occurred_at = models.DateTimeField(_("time"))
    actor_type = models.CharField(_("actor type"), max_length=32, choices=ActorType.choices)
    actor_id = models.CharField(
        _("actor ID"), max_length=64, blank=True,
        help_text=_("User ID, client ID, or the citizen's learner OID."),
    )
    actor_name = models.CharField(
        _("actor name"), max_length=150, blank=True,
        help_text=_("User or client name when the event was recorded; empty for citizens."),
    )
    action = models.CharField(_("action"), max_length=64, choices=AuditAction.choices)
    learner_oid = models.CharField(_("learner OID"), max_length=64, blank=True)
    study_right_oid = models.CharField(_("study right OID"), max_length=64, blank=True)
    organisation_oid = models.CharField(_("organisation OID"), max_length=64, blank=True)
    agreement_id = models.CharField(_("data-sharing agreement"), max_length=64, blank=True)
    request_id = models.CharField(_("request ID"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    chain = models.CharField(
        _("chain"), max_length=16, help_text=_("Partition whose hash chain the event joins: its month in UTC, YYYY-MM."),
    )
    transaction_id = models.BigIntegerField(
        _("database transaction"), null=True, blank=True, editable=False, db_default=CurrentTransactionId(),
        help_text=_("PostgreSQL transaction that inserted the event; orders the chain."),
    )

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # The sealer reads each chain's unsealed events in this order, from its last link onwards.
            models.Index(fields=["chain", "transaction_id", "id"], name="audit_event_chain_order"),
            # "Who has viewed my data" for citizens, and investigations per learner.
            models.Index(fields=["learner_oid", "-occurred_at"], name="audit_event_learner"),
            models.Index(
                fields=["id"], condition=Q(action="audit.retention"), name="audit_event_retention_runs",
            ),
        ]

    def __str__(self):
        return f"{self.action} #{self.pk}"


class AuditLink(models.Model):
    """The link that seals one audit event into its chain: position, previous hash and own hash.

    `hash` is SHA-256 over the canonical serialisation of the event, the chain, the sequence
    number and `previous_hash`. The first link of a chain has 64 zeros as its previous hash.
    Rows are append-only. Retention removes a chain's oldest links, and the first remaining link
    keeps the previous hash it was chained to.
    """

    event = models.OneToOneField(
        AuditEvent, verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="link",
    )
    chain = models.CharField(_("chain"), max_length=16)
    sequence = models.PositiveBigIntegerField(_("sequence number"))
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed"))

    class Meta:
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_link_unique_sequence"),
        ]

    def __str__(self):
        return f"{self.chain} #{self.sequence}"
