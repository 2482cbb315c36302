from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from registry.services.reference_data import ReferenceDataError, load_reference_data
from registry.services.reference_data.remote import fetch_reference_data, temporary_folder


class Command(BaseCommand):
    help = _(
        "Load code sets, organisations and qualification descriptions, and report what was added, changed, "
        "left alone and retired. Reads DIR, which holds the national services' JSON exports in koodisto/, "
        "organisaatio/ and eperusteet/, or with --from-endpoints the services whose base URLs are set "
        "(TOR_KOODISTO_URL, TOR_ORGANISAATIO_URL, TOR_EPERUSTEET_URL). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", nargs="?", help=_("Folder with koodisto/, organisaatio/ and eperusteet/."),
        )
        parser.add_argument(
            "--from-endpoints", action="store_true",
            help=_("Read the national services' endpoints instead of a folder."),
        )
        parser.add_argument(
            "--code-set", action="append", dest="code_sets", metavar="URI",
            help=_("With --from-endpoints: a code set to fetch; repeat for more. By default every code set the register holds."),
        )

    def handle(self, *args, directory=None, from_endpoints=False, code_sets=None, **options):
        def progress(message):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  ... {message}")

        if bool(directory) == bool(from_endpoints):
            raise CommandError(_("Give either DIR or --from-endpoints."))
        try:
            if from_endpoints:
                with temporary_folder() as folder:
                    fetch_reference_data(folder, code_sets=code_sets, progress=progress)
                    reports = load_reference_data(folder, progress=progress)
            else:
                reports = load_reference_data(directory, progress=progress)
        except ReferenceDataError as error:
            raise CommandError(f"{error}. Nothing more was loaded.") from error

        for report in reports:
            self.stdout.write(self.style.SUCCESS(report.summary()))
            for skipped in report.skipped:
                self.stdout.write(f"  skipped {skipped}")
