"""Protect the audit trail in PostgreSQL: triggers that make audit events and links append-only.

- UPDATE of either table is rejected, whoever runs it.
- DELETE is rejected unless the transaction has run
  `SELECT set_config('tor.audit_retention', 'on', true)` and
  `SELECT set_config('tor.audit_retention_days', '<N>', true)`, as `apply_audit_retention` does,
  and the event (for a link: its event) occurred more than N whole days before the transaction
  started. N must be a positive whole number.
- INSERT of an event always stores the inserting transaction's id, whatever the caller sent,
  because the sealer relies on it to seal every committed event in a stable order.

TRUNCATE is not blocked: `manage.py flush` and the test suite empty every table with it. In
production the application's database role gets no TRUNCATE or UPDATE privilege on these tables
and does not own them, because a table owner can disable triggers (docs/audit.md).

On other databases (the embedded SQLite default) this migration does nothing, so there the
append-only rule holds only by convention and the hash chain is the only protection.
"""

from django.db import migrations

FORWARD_SQL = r"""
CREATE FUNCTION registry_audit_retention_cutoff() RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    retention_days integer;
BEGIN
    IF coalesce(current_setting('tor.audit_retention', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    retention_days := nullif(current_setting('tor.audit_retention_days', true), '')::integer;
    IF retention_days IS NULL OR retention_days < 1 THEN
        RETURN NULL;
    END IF;
    RETURN transaction_timestamp() - make_interval(days => retention_days);
END
$$;

CREATE FUNCTION registry_audit_event_protect() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.occurred_at < registry_audit_retention_cutoff() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % of audit event % rejected', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only apply_audit_retention may delete events older than the retention period.';
END
$$;

CREATE FUNCTION registry_audit_link_protect() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz;
    event_occurred_at timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        cutoff := registry_audit_retention_cutoff();
        IF cutoff IS NOT NULL THEN
            SELECT occurred_at INTO event_occurred_at FROM registry_auditevent WHERE id = OLD.event_id;
            IF event_occurred_at < cutoff THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit chain links are append-only: % of the link of audit event % rejected', TG_OP, OLD.event_id
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only apply_audit_retention may delete links of events older than the retention period.';
END
$$;

CREATE FUNCTION registry_audit_event_stamp_transaction() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.transaction_id := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_event_protect
    BEFORE UPDATE OR DELETE ON registry_auditevent
    FOR EACH ROW EXECUTE FUNCTION registry_audit_event_protect();

CREATE TRIGGER audit_link_protect
    BEFORE UPDATE OR DELETE ON registry_auditlink
    FOR EACH ROW EXECUTE FUNCTION registry_audit_link_protect();

CREATE TRIGGER audit_event_stamp_transaction
    BEFORE INSERT ON registry_auditevent
    FOR EACH ROW EXECUTE FUNCTION registry_audit_event_stamp_transaction();
"""

REVERSE_SQL = r"""
DROP TRIGGER audit_event_stamp_transaction ON registry_auditevent;
DROP TRIGGER audit_link_protect ON registry_auditlink;
DROP TRIGGER audit_event_protect ON registry_auditevent;
DROP FUNCTION registry_audit_event_stamp_transaction();
DROP FUNCTION registry_audit_link_protect();
DROP FUNCTION registry_audit_event_protect();
DROP FUNCTION registry_audit_retention_cutoff();
"""


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that runs only when the database is PostgreSQL and does nothing elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_add_audit_trail"),
    ]

    operations = [
        RunSQLOnPostgreSQL(sql=FORWARD_SQL, reverse_sql=REVERSE_SQL),
    ]
