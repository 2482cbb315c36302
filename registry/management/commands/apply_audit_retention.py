from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry.services import audit


class Command(BaseCommand):
    help = (
        "Remove sealed audit events older than the retention period, with their links. Each chain keeps "
        "verifying from its first remaining link. The run is itself recorded in the audit trail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help=("Retention period in days (default: the setting TOR_AUDIT_RETENTION_DAYS)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=("Report what would be removed and remove nothing."),
        )

    def handle(self, *args, days, dry_run, **options):
        if days is None:
            days = getattr(settings, "TOR_AUDIT_RETENTION_DAYS", None)
        if days is None:
            raise CommandError(_("No retention period: give --days or set TOR_AUDIT_RETENTION_DAYS."))
        if days < 1:
            raise CommandError(_("The retention period must be at least 1 day, not %(days)s.") % {"days": days})

        report = audit.apply_retention(days, dry_run=dry_run)

        if dry_run:
            message = ngettext_lazy(
                "Dry run: %(count)s audit event older than %(cutoff)s would be removed; nothing was removed.",
                "Dry run: %(count)s audit events older than %(cutoff)s would be removed; nothing was removed.",
                "count",
            )
        else:
            message = ngettext_lazy(
                "%(count)s audit event older than %(cutoff)s was removed.",
                "%(count)s audit events older than %(cutoff)s were removed.",
                "count",
            )
        self.stdout.write(message % {"count": report.events_deleted, "cutoff": report.cutoff.isoformat()})
        for chain in report.chains_removed:
            self.stdout.write(_("Chain %(chain)s was removed entirely.") % {"chain": chain})
        for chain, start in sorted(report.chain_starts.items()):
            self.stdout.write(
                _("Chain %(chain)s now starts at sequence %(sequence)s.") % {"chain": chain, "sequence": start["sequence"]}
            )
