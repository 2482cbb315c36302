from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from authorities.models import AgreementStatus
from authorities.services.agreement_fixtures import load_authority_agreements


class Command(BaseCommand):
    help = (
        "Create the shipped authorities (Kela, Tilastokeskus, ETK, Valvira, Karvi, TEM, Koulutusrahasto, "
        "AMKE, AVI) and one data-sharing agreement per data profile, unless they exist. Existing rows are "
        "left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", choices=[AgreementStatus.DRAFT, AgreementStatus.ACTIVE], default=AgreementStatus.DRAFT,
            help="Status of the new agreements (default: draft, activated in the admin once signed).",
        )

    def handle(self, *args, status, **options):
        try:
            report = load_authority_agreements(status=status)
        except (ValueError, ValidationError) as error:
            raise CommandError(f"The agreements were not loaded: {error}") from error
        self.stdout.write(
            f"authorities created: {report.authorities_created}, agreements created: {report.agreements_created}, "
            f"already present: {report.agreements_present}"
        )
