from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from registry.middleware import system_audit_scope
from registry.services.imports.problems import ImportFailed
from registry.services.imports.virta.client import VirtaDirectory, VirtaService
from registry.services.imports.virta.run import import_virta

from ._import_output import read_codes, write_report

ENDPOINT = "endpoint"


class Command(BaseCommand):
    help = _(
        "Import higher-education study rights from VIRTA. SOURCE is a folder of saved study-record "
        "responses (opintotiedot, with henkilotiedot beside it), or 'endpoint' for VIRTA's service at "
        "TOR_VIRTA_URL. Exits with 0 when the run finished, skipped records included."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE", help=_("A folder of VIRTA responses, or 'endpoint'."))
        parser.add_argument(
            "--oid", action="append", default=[], dest="oids",
            help=_("With 'endpoint': a learner OID to fetch. Repeat for more learners."),
        )
        parser.add_argument(
            "--identity-codes-file", type=Path,
            help=_("With 'endpoint': a file of personal identity codes to fetch, one per line. A file keeps the codes out of the process list."),
        )

    def handle(self, *args, source, oids, identity_codes_file, **options):
        try:
            if source == ENDPOINT:
                codes = read_codes(identity_codes_file) if identity_codes_file else []
                if not codes and not oids:
                    raise CommandError(_("Give --oid or --identity-codes-file to say whose records to fetch from VIRTA."))
                virta = VirtaService(identity_codes=codes, oids=oids)
            else:
                virta = VirtaDirectory(source)
            self.stdout.write(_("Importing VIRTA records from %(source)s") % {"source": virta})
            with system_audit_scope("import_virta"):
                report = import_virta(virta, progress=lambda message: self.stdout.write(f"  ... {message}"))
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        write_report(self, report)
