from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry.services import audit


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chains from their oldest retained links. Pending (not yet sealed) "
        "events are reported but do not fail the check. Exits with status 1 when a chain is broken, "
        "naming the first broken event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chain", help=("Verify only this chain, for example 2026-12."))

    def handle(self, *args, chain, **options):
        report = audit.verify_chains(chain)

        if not report.chains:
            self.stdout.write(_("No audit events to verify."))
        for chain_report in report.chains:
            self.write_chain(chain_report)

        broken = report.broken_chains
        if broken:
            first = broken[0].problems[0]
            raise CommandError(
                ngettext_lazy(
                    "The audit trail is broken in %(count)s chain. First broken event: %(event)s "
                    "(chain %(chain)s, sequence %(sequence)s): %(description)s.",
                    "The audit trail is broken in %(count)s chains. First broken event: %(event)s "
                    "(chain %(chain)s, sequence %(sequence)s): %(description)s.",
                    "count",
                ) % {
                    "count": len(broken), "event": first.event_id, "chain": first.chain,
                    "sequence": first.sequence if first.sequence is not None else "-",
                    "description": first.description,
                },
                returncode=1,
            )
        self.stdout.write(_("The audit trail is intact."))

    def write_chain(self, chain_report):
        name = chain_report.chain
        if chain_report.links_checked:
            self.stdout.write(
                ngettext_lazy(
                    "Chain %(chain)s: %(count)s link checked, sequence %(first)s to %(last)s.",
                    "Chain %(chain)s: %(count)s links checked, sequence %(first)s to %(last)s.",
                    "count",
                ) % {
                    "chain": name, "count": chain_report.links_checked,
                    "first": chain_report.first_sequence, "last": chain_report.last_sequence,
                }
            )
        if chain_report.first_sequence and chain_report.first_sequence > 1:
            self.stdout.write(
                _("Chain %(chain)s: links before sequence %(first)s were removed by retention.") % {
                    "chain": name, "first": chain_report.first_sequence,
                }
            )
        if chain_report.pending:
            self.stdout.write(
                ngettext_lazy(
                    "Chain %(chain)s: %(count)s event pending, not sealed yet; it occurred at %(time)s.",
                    "Chain %(chain)s: %(count)s events pending, not sealed yet; the oldest occurred at %(time)s.",
                    "count",
                ) % {
                    "chain": name, "count": chain_report.pending, "time": chain_report.oldest_pending_at.isoformat(),
                }
            )
        for problem in chain_report.problems:
            self.stderr.write(
                _("BROKEN: chain %(chain)s, sequence %(sequence)s, event %(event)s: %(description)s.") % {
                    "chain": problem.chain, "sequence": problem.sequence if problem.sequence is not None else "-",
                    "event": problem.event_id, "description": problem.description,
                }
            )
        if chain_report.more_problems:
            self.stderr.write(
                ngettext_lazy(
                    "Chain %(chain)s: %(count)s more problem not listed.",
                    "Chain %(chain)s: %(count)s more problems not listed.",
                    "count",
                ) % {
                    "chain": name, "count": chain_report.more_problems,
                }
            )
