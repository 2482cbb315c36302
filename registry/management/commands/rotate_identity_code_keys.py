from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import identity_codes
from registry.services import identity_code_keys


class Command(BaseCommand):
    @property
    def help(self):
        # A property, because argparse formats the description with re, which rejects a lazy string.
        return str(_(
            "Re-encrypt every stored personal identity code, and every failed transfer's document, under the "
            "first key of TOR_IDENTITY_CODE_KEYS and recompute every lookup hash with it. Rows already under "
            "the first key are left as they are, so the command may be run again after an interruption."
        ))

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=identity_code_keys.DEFAULT_BATCH_SIZE,
            help=_("Rows rewritten per transaction (default: %(default)s)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help=_(
                "Count the rows that are not under the first key yet and change nothing. Exits with status 1 "
                "when there are any, so it can check that the older keys may be removed."
            ),
        )

    def handle(self, *args, batch_size, dry_run, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size must be a positive whole number, not %(size)s.") % {"size": batch_size})
        try:
            report = identity_code_keys.rotate_identity_code_keys(
                batch_size=batch_size, dry_run=dry_run, progress=self.write_progress,
            )
        except identity_codes.InvalidIdentityCodeKey as error:
            raise CommandError(str(error)) from error

        for table in report.tables:
            self.write_summary(table, dry_run)
        for problem in report.problems:
            self.stderr.write(
                _("%(model)s %(id)s: %(reason)s.")
                % {"model": capfirst(problem.model._meta.verbose_name), "id": problem.row_id, "reason": problem.reason}
            )

        if report.problems:
            raise CommandError(
                ngettext_lazy(
                    "%(count)s row is not under the first key: keep the older keys in TOR_IDENTITY_CODE_KEYS, fix "
                    "the row as its message says and run the command again.",
                    "%(count)s rows are not under the first key: keep the older keys in TOR_IDENTITY_CODE_KEYS, fix "
                    "the rows as their messages say and run the command again.",
                    "count",
                ) % {"count": len(report.problems)}
            )
        if dry_run and report.changed:
            raise CommandError(
                ngettext_lazy(
                    "%(count)s row is not under the first key yet: run the command without --dry-run.",
                    "%(count)s rows are not under the first key yet: run the command without --dry-run.",
                    "count",
                ) % {"count": report.changed}
            )
        self.stdout.write(
            _("Every identity code, document and lookup hash is under the first key of TOR_IDENTITY_CODE_KEYS; "
              "the other keys may be removed.")
        )

    def write_progress(self, table):
        self.stdout.write(
            _("%(model)s: %(checked)s of %(total)s checked, %(changed)s changed.")
            % {"model": capfirst(table.model._meta.verbose_name_plural), "checked": table.checked,
               "total": table.total, "changed": table.changed}
        )

    def write_summary(self, table, dry_run):
        if dry_run:
            message = _(
                "%(model)s: %(checked)s checked; %(changed)s would change, with %(reencrypted)s values to re-encrypt "
                "and %(rehashed)s hashes to recompute. Nothing was changed."
            )
        else:
            message = _(
                "%(model)s: %(checked)s checked, %(changed)s changed: %(reencrypted)s values re-encrypted, "
                "%(rehashed)s hashes recomputed."
            )
        self.stdout.write(message % {
            "model": capfirst(table.model._meta.verbose_name_plural), "checked": table.checked,
            "changed": table.changed, "reencrypted": table.reencrypted, "rehashed": table.rehashed,
        })
        if table.merged:
            self.stdout.write(
                ngettext_lazy(
                    "%(count)s row kept under an older key's hash was merged with the same learner's newer row.",
                    "%(count)s rows kept under an older key's hash were merged with the same learner's newer rows.",
                    "count",
                ) % {"count": table.merged}
            )
