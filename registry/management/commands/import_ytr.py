import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from registry.middleware import system_audit_scope
from registry.services.imports.problems import ImportFailed
from registry.services.imports.ytr.client import YtrDirectory, YtrService
from registry.services.imports.ytr.run import import_ytr

from ._import_output import read_codes, write_report

ENDPOINT = "endpoint"


class Command(BaseCommand):
    help = _(
        "Import matriculation examination records from YTR, the Matriculation Examination Board's register. "
        "SOURCE is a folder with oph-koski/ and oph-registrydata/, or 'endpoint' for YTR's API at "
        "TOR_YTR_URL. Exits with 0 when the run finished, skipped records included."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE", help=_("A folder of YTR records, or 'endpoint'."))
        parser.add_argument(
            "--modified-since", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD",
            help=_("With 'endpoint': fetch the records that YTR changed on or after this date."),
        )
        parser.add_argument(
            "--identity-codes-file", type=Path,
            help=_("With 'endpoint': a file of personal identity codes to fetch, one per line."),
        )

    def handle(self, *args, source, modified_since, identity_codes_file, **options):
        try:
            if source == ENDPOINT:
                codes = read_codes(identity_codes_file) if identity_codes_file else []
                if not codes and modified_since is None:
                    raise CommandError(_("Give --modified-since or --identity-codes-file to say whose records to fetch from YTR."))
                ytr = YtrService(identity_codes=codes, modified_since=modified_since)
            else:
                ytr = YtrDirectory(source)
            self.stdout.write(_("Importing YTR records from %(source)s") % {"source": ytr})
            with system_audit_scope("import_ytr"):
                report = import_ytr(ytr, progress=lambda message: self.stdout.write(f"  ... {message}"))
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        write_report(self, report)
