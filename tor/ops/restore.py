"""Restore a PostgreSQL custom-format dump into a fresh database and prove that it is whole.

`verify_restore` (registry/management/commands/verify_restore.py) calls `verify_dump`: it creates
a new database on the server of settings.DATABASES["default"], runs pg_restore into it, points
the default connection at it, and then checks that every migration is applied, that every study
right's document equals its rebuilt latest version (tor.ops.consistency) and that the audit
trail's chains verify (registry.services.audit.verify_chains). The database is dropped afterwards
unless the caller keeps it.
"""

import logging
import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from psycopg import sql

from .consistency import check_study_right_histories

logger = logging.getLogger(__name__)

RESTORE_TIMEOUT_SECONDS = 6 * 3600


class RestoreFailed(Exception):
    """The dump could not be restored, or the restored database is not whole."""


@dataclass
class RestoreReport:
    database: str
    kept: bool = False
    study_rights_checked: int = 0
    history_mismatches: list = field(default_factory=list)
    audit_chains: int = 0
    audit_links_checked: int = 0
    broken_chains: list = field(default_factory=list)
    unapplied_migrations: list = field(default_factory=list)

    @property
    def passed(self):
        return not (self.history_mismatches or self.broken_chains or self.unapplied_migrations)


def verify_dump(dump_path, *, database=None, keep=False):
    """Restore `dump_path` into a new database named `database` (or a fresh name) and return a RestoreReport.

    Raises RestoreFailed when the file is missing, the database exists already or pg_restore fails.
    """
    if not os.path.isfile(dump_path):
        raise RestoreFailed(f"{dump_path} is not a file: give the path of a dump made with pg_dump -Fc.")
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        raise RestoreFailed("DATABASE_URL must name a PostgreSQL server: the dump is restored there.")
    database = database or f"tor_restore_{uuid.uuid4().hex[:12]}"

    create_database(settings_dict, database)
    report = RestoreReport(database=database, kept=keep)
    try:
        run_pg_restore(settings_dict, database, dump_path)
        with default_connection_to(database):
            check_restored(report)
    finally:
        if not keep:
            drop_database(settings_dict, database)
    logger.info(
        "restore_verified database=%s study_rights=%s history_mismatches=%s broken_chains=%s",
        database, report.study_rights_checked, len(report.history_mismatches), len(report.broken_chains),
    )
    return report


def check_restored(report):
    from registry.services.audit import verify_chains

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    report.unapplied_migrations = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]

    history = check_study_right_histories()
    report.study_rights_checked = history.checked
    report.history_mismatches = history.mismatches

    audit = verify_chains()
    report.audit_chains = len(audit.chains)
    report.audit_links_checked = sum(chain.links_checked for chain in audit.chains)
    report.broken_chains = [chain.chain for chain in audit.broken_chains]


def _server_connection(settings_dict):
    return psycopg.connect(
        host=settings_dict.get("HOST") or None, port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None, password=settings_dict.get("PASSWORD") or None,
        dbname="postgres", autocommit=True, connect_timeout=10,
    )


def create_database(settings_dict, database):
    try:
        with _server_connection(settings_dict) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    except psycopg.errors.DuplicateDatabase:
        raise RestoreFailed(f"The database {database} exists already: name a new one, the restore never overwrites.") from None
    except psycopg.Error as error:
        raise RestoreFailed(f"The database {database} could not be created: {str(error).strip()}") from None


def drop_database(settings_dict, database):
    with _server_connection(settings_dict) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def run_pg_restore(settings_dict, database, dump_path):
    """Restore the dump with pg_restore; owners and grants are left out, as the restoring user owns the copy."""
    program = shutil.which("pg_restore")
    if program is None:
        raise RestoreFailed("pg_restore is not installed: install the PostgreSQL client of the server's major version.")
    command = [program, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", database]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    result = subprocess.run(
        [*command, dump_path], env=environment, capture_output=True, text=True, timeout=RESTORE_TIMEOUT_SECONDS,
    )
    if result.returncode != 0:
        # pg_restore's messages name tables and SQL, never row contents.
        raise RestoreFailed(f"pg_restore failed with status {result.returncode}: {result.stderr.strip()[-2000:]}")


@contextmanager
def default_connection_to(database):
    """Point Django's default connection at `database` for the block, then back at its own database."""
    connection = connections[DEFAULT_DB_ALIAS]
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = database
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
