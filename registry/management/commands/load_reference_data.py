from django.core.management.base import BaseCommand, CommandError

from registry.services.reference_data import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load code sets, organisations and qualification descriptions from DIR, which holds the "
        "national services' JSON exports in koodisto/, organisaatio/ and eperusteet/. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder with koodisto/, organisaatio/ and eperusteet/.")

    def handle(self, *args, directory, **options):
        def progress(message):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  ... {message}")

        try:
            reports = load_reference_data(directory, progress=progress)
        except ReferenceDataError as error:
            raise CommandError(f"{error}. Nothing more was loaded.") from error

        for report in reports:
            self.stdout.write(self.style.SUCCESS(report.summary()))
            for skipped in report.skipped:
                self.stdout.write(f"  skipped {skipped}")
