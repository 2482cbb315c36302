from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.middleware import system_audit_scope
from registry.services.demo import DEMO_LOGINS, DemoDataError, load_demo_data
from registry.services.reference_data import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Load demo data: reference data, a registry administrator and a provider official, and demo "
        "learners stored through the same pipeline as the API. Idempotent: a second run adds nothing. "
        "Prints the URLs and the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference", metavar="DIR",
            help="Folder with koodisto/, organisaatio/ and eperusteet/. Default: ../shared/reference beside "
                 "the project when present, else the project's own fixture registry/fixtures/demo_reference.",
        )
        parser.add_argument(
            "--samples", metavar="DIR",
            help="Folder of learner documents (*.json) in the national transfer format, each stored as a "
                 "learner of its own. Default: ../shared/samples/koski beside the project when present and "
                 "the national reference data is used, else the project's own demo learners.",
        )
        parser.add_argument(
            "--no-samples", action="store_true",
            help="Store the project's own demo learners even when sample documents are present.",
        )
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000",
            help="Address of the running register, used in the printed URLs (default: %(default)s).",
        )

    def handle(self, *args, reference, samples, no_samples, base_url, verbosity, **options):
        if samples and no_samples:
            raise CommandError("--samples and --no-samples exclude each other: give one of them.")

        def progress(message):
            if verbosity >= 1:
                self.stdout.write(f"  ... {message}")

        try:
            with system_audit_scope("load_demo_data"):
                report = load_demo_data(
                    reference_directory=reference, samples_directory=samples, use_samples=not no_samples,
                    progress=progress,
                )
        except (DemoDataError, ReferenceDataError) as error:
            raise CommandError(f"{error} Nothing more was loaded.") from error

        self.write_summary(report)
        if report.rejected:
            for rejected in report.rejected:
                self.stderr.write(f"Rejected {rejected.name}:")
                for problem in rejected.errors:
                    self.stderr.write(f"  {problem['key']}: {problem['message']}")
            raise CommandError(
                f"{len(report.rejected)} demo learner document(s) were rejected; the errors are listed above. "
                f"The rest of the demo data was loaded."
            )
        self.write_access(report, base_url.rstrip("/"))

    def write_summary(self, report):
        for reference_report in report.reference:
            self.stdout.write(reference_report.summary())
        if report.samples_directory:
            source = f"samples in {report.samples_directory}"
        else:
            source = "the project's own demo learners"
        self.stdout.write(
            f"demo learners from {source}: {report.learners_added} added "
            f"({report.study_rights_added} study rights), {report.learners_present} already loaded"
        )
        for skipped in report.skipped:
            self.stdout.write(f"  skipped {skipped.name}: {skipped.reason}")
        users = ", ".join(report.users_added) or "none"
        self.stdout.write(f"demo users added: {users}; rights granted: {report.rights_granted}")
        if report.added_anything:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing added: the demo data was already loaded."))

    def write_access(self, report, base_url):
        example = report.example_learner_oid or "<learner OID>"
        lines = [
            "",
            "The register with demo data:",
            f"  Citizen's own record:   {base_url}/omat-tiedot/",
            f"  Test identification:    {base_url}/omat-tiedot/testitunnistautuminen/",
            f"  Admin:                  {base_url}/admin/",
            f"  API:                    {base_url}/api/v1/oppija",
            f"  A learner from the API: {base_url}/api/v1/oppija/{example}",
            "",
            "Demo logins (admin, and HTTP Basic for the API):",
        ]
        for login in DEMO_LOGINS:
            lines.append(f"  {login.username} / {login.password}  - {login.role}")
        if report.official_institution is not None:
            lines.append(f"  The provider official's institution: {report.official_institution}")
        if not settings.TOR_TEST_IDENTIFICATION:
            lines.append("")
            lines.append("The test identification page needs TOR_TEST_IDENTIFICATION=true, which scripts/demo sets.")
        self.stdout.write("\n".join(lines))
