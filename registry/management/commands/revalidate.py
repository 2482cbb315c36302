from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.services.revalidation import revalidate


class Command(BaseCommand):
    help = _(
        "Check the stored study rights again against the reference data as it is now, and list per education "
        "provider the records that no longer pass, with their error keys. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provider", metavar="OID", help=_("Check only this education provider and what is below it."))

    def handle(self, *args, provider=None, **options):
        report = revalidate(
            provider_oid=provider,
            progress=lambda count: self.stdout.write(f"  ... {gettext('study rights checked: %(count)s') % {'count': count}}"),
        )
        self.stdout.write(gettext("study rights checked: %(checked)s; no longer passing: %(failed)s") % {
            "checked": report.checked, "failed": report.failed,
        })
        for provider_report in report.providers.values():
            if not provider_report.failures:
                continue
            self.stdout.write("")
            self.stdout.write(gettext("%(name)s (%(oid)s): %(failed)s of %(checked)s study rights no longer pass") % {
                "name": provider_report.provider_name or "–", "oid": provider_report.provider_oid or "–",
                "failed": len(provider_report.failures), "checked": provider_report.checked,
            })
            for failure in provider_report.failures:
                self.stdout.write(f"  {failure.study_right_oid} ({gettext('learner')} {failure.learner_oid})")
                for key, path, message in failure.errors:
                    self.stdout.write(f"    {key}: {message}")
