"""The commit-order horizon of PostgreSQL, shared by the audit trail's sealer and the disclosure change feed.

Both read rows stamped with the id of the transaction that wrote them and must never pass a row
that commits later. A reader takes only rows whose transaction id is below `HORIZON_SQL`: the
oldest transaction still running in the statement's snapshot, leaving out transactions that
pg_stat_activity shows in another database of the cluster, or the snapshot's `xmax` when none is
left. Every transaction that may still commit a row has an id at or above it, because ids are
handed out in increasing order, so the rows below it are final and sorting them by (transaction
id, row id) gives an order that later commits never insert into.

Transaction ids are shared by the whole cluster, so without leaving out other databases a long
transaction in another database would hold every reader back until it ended. A running
transaction whose database is unknown (it ended after the snapshot, or the database role may not
see other roles' sessions) counts as one of this database, which can only hold the horizon back.
The reading transaction itself counts as running once it has written anything.
"""

# pg_stat_activity gives 32-bit transaction ids, the snapshot 64-bit ones.
HORIZON_SQL = """LEAST(
    COALESCE(
        (SELECT min(running::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
         WHERE mod(running::text::bigint, 4294967296) NOT IN (
             SELECT backend_xid::text::bigint FROM pg_stat_activity
             WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())),
        pg_snapshot_xmax(pg_current_snapshot())::text::bigint),
    COALESCE(pg_current_xact_id_if_assigned()::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint))"""
