from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry.services import audit


class Command(BaseCommand):
    help = (
        "Seal pending audit events into their hash chains: every event whose database transaction has "
        "ended gets its link. Celery beat runs the same work every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None,
            help=("Seal at most this many events (default: every event that can be sealed now)."),
        )

    def handle(self, *args, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError(_("--limit must be a positive whole number, not %(limit)s.") % {"limit": limit})

        report = audit.seal_pending(limit=limit)

        for chain, count in sorted(report.sealed.items()):
            if count:
                self.stdout.write(
                    ngettext_lazy("Chain %(chain)s: %(count)s event sealed.", "Chain %(chain)s: %(count)s events sealed.",
                                  "count") % {"chain": chain, "count": count}
                )
        for chain in report.busy_chains:
            self.stdout.write(
                _("Chain %(chain)s: another sealer holds its lock, so this run left it to that sealer.") % {"chain": chain}
            )
        self.stdout.write(
            ngettext_lazy("%(count)s event sealed in total.", "%(count)s events sealed in total.", "count")
            % {"count": report.total}
        )
