from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tor.ops.restore import RestoreFailed, verify_dump


class Command(BaseCommand):
    help = (
        "Restore a custom-format dump (pg_dump -Fc) into a new database on the server of DATABASE_URL and "
        "prove it whole: every migration applied, every study right's document equal to its rebuilt latest "
        "version, and the audit trail's chains intact. The new database is dropped afterwards unless --keep "
        "is given. Exits with status 1 when the restore or a check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", help="Path of the dump file, made with pg_dump -Fc.")
        parser.add_argument(
            "--database", help="Name of the new database (default: tor_restore_ and a random suffix). It must not exist.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the restored database after the checks.")

    def handle(self, *args, dump, database, keep, **options):
        try:
            report = verify_dump(dump, database=database, keep=keep)
        except RestoreFailed as error:
            raise CommandError(str(error), returncode=1) from None

        self.stdout.write(_("Restored into database %(database)s.") % {"database": report.database})
        self.stdout.write(
            ngettext_lazy(
                "%(count)s study right checked against its rebuilt latest version.",
                "%(count)s study rights checked against their rebuilt latest versions.",
                "count",
            ) % {"count": report.study_rights_checked}
        )
        self.stdout.write(
            _("Audit chains verified: %(chains)s, with %(links)s links in all.") % {
                "chains": report.audit_chains, "links": report.audit_links_checked,
            }
        )
        for migration in report.unapplied_migrations:
            self.stderr.write(_("Migration not applied in the dump: %(migration)s.") % {"migration": migration})
        for oid, reason in report.history_mismatches:
            self.stderr.write(_("Study right %(oid)s: %(reason)s.") % {"oid": oid, "reason": reason})
        for chain in report.broken_chains:
            self.stderr.write(_("Audit chain %(chain)s is broken; run verify_audit_trail on the restored database.") % {
                "chain": chain,
            })
        if report.kept:
            self.stdout.write(_("The database %(database)s was kept.") % {"database": report.database})
        if not report.passed:
            raise CommandError(_("The restored database is not whole: see the problems above."), returncode=1)
        self.stdout.write(_("The restore is whole."))
