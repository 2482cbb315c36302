from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.middleware import system_audit_scope
from registry.services.imports.national.run import import_national
from registry.services.imports.national.source import NationalDirectory
from registry.services.imports.national.store import CREATED, EXTENDED, SKIPPED, UNCHANGED
from registry.services.imports.problems import ImportFailed


class Command(BaseCommand):
    help = _(
        "Move learners and study rights from the national service into the register. DIR holds one learner per "
        "*.json file, as the national service's read API returns it, and historia/<study right OID>.jsonl with "
        "each study right's version history. The OIDs, version numbers and time stamps are kept. Running it again "
        "writes nothing new. Exits with 0 when the run finished, skipped records included."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help=_("Folder of learner files, with historia/ beside them."))

    def handle(self, *args, directory, **options):
        try:
            source = NationalDirectory(directory)
            self.stdout.write(gettext("Importing learners of the national service from %(source)s") % {"source": source})
            with system_audit_scope("import_national"):
                report = import_national(source, progress=lambda message: self.stdout.write(f"  ... {message}"))
        except ImportFailed as error:
            raise CommandError(str(error)) from error

        self.stdout.write(gettext(
            "learner files read: %(files)s; learners created: %(created)s, updated: %(updated)s"
        ) % {"files": report.files, "created": report.learners_created, "updated": report.learners_updated})
        self.stdout.write(gettext(
            "study rights: %(created)s created, %(extended)s given newer versions, %(unchanged)s unchanged, %(skipped)s skipped"
        ) % {
            "created": report.count(CREATED), "extended": report.count(EXTENDED),
            "unchanged": report.count(UNCHANGED), "skipped": report.count(SKIPPED),
        })
        for item in report.study_rights:
            self.stdout.write(f"  {describe(item)}")
        if report.skipped_files:
            self.stdout.write(gettext("learner files skipped, nothing of them stored: %(count)s") % {"count": len(report.skipped_files)})
            for note in report.skipped_files:
                self.stdout.write(f"  {note}")


def describe(item):
    """Return one line of the report on what was done with a study right."""
    if item.outcome == CREATED:
        return gettext("%(oid)s: created with versions %(first)s–%(last)s") % {
            "oid": item.oid, "first": item.first_version, "last": item.last_version,
        }
    if item.outcome == EXTENDED:
        return gettext("%(oid)s: versions %(first)s–%(last)s added") % {
            "oid": item.oid, "first": item.first_version, "last": item.last_version,
        }
    if item.outcome == UNCHANGED:
        return gettext("%(oid)s: unchanged") % {"oid": item.oid}
    return gettext("%(oid)s: skipped, nothing stored: %(reason)s") % {"oid": item.oid or "–", "reason": item.message}
