from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tor.ops.consistency import check_study_right_histories


class Command(BaseCommand):
    help = (
        "Check every study right in the database: its stored document must equal its latest version rebuilt "
        "from the version history. Exits with status 1 naming the study rights that differ. The load test "
        "runs it after each run (deploy/load/run)."
    )

    def handle(self, *args, **options):
        check = check_study_right_histories()

        for oid, reason in check.mismatches:
            self.stderr.write(_("Study right %(oid)s: %(reason)s.") % {"oid": oid, "reason": reason})
        if check.more_mismatches:
            self.stderr.write(ngettext_lazy("%(count)s more study right differs.", "%(count)s more study rights differ.", "count") % {"count": check.more_mismatches})
        if not check.passed:
            raise CommandError(
                _("%(count)s of %(checked)s study rights differ from their rebuilt history.") % {
                    "count": len(check.mismatches) + check.more_mismatches, "checked": check.checked,
                },
                returncode=1,
            )
        self.stdout.write(
            ngettext_lazy(
                "%(count)s study right checked: its document equals its rebuilt latest version.",
                "%(count)s study rights checked: every document equals its rebuilt latest version.",
                "count",
            ) % {"count": check.checked}
        )
