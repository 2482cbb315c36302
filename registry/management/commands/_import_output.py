"""Output shared by the import commands: progress, the summary, and the records skipped or noted."""

from django.core.management.base import CommandError
from django.utils.translation import gettext


def write_report(command, report):
    """Write the summary of an ImportReport, then each skipped record and each warning."""
    command.stdout.write(gettext(
        "%(files)s files or records read, %(persons)s persons: %(learners)s learners created, %(learners_updated)s learners updated"
    ) % {
        "files": report.files, "persons": report.persons,
        "learners": report.learners_created, "learners_updated": report.learners_updated,
    })
    command.stdout.write(gettext(
        "study rights: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
        "%(invalidated)s left invalidated"
    ) % {
        "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
        "invalidated": report.kept_invalidated,
    })
    if report.skipped:
        command.stdout.write(gettext("%(count)s records skipped, nothing of them stored:") % {"count": len(report.skipped)})
        for note in report.skipped:
            command.stdout.write(f"  {note}")
    for note in report.notes:
        command.stdout.write(note)
    if report.warnings:
        command.stdout.write(gettext("%(count)s warnings, the records imported:") % {"count": len(report.warnings)})
        for note in report.warnings:
            command.stdout.write(f"  {note}")


def read_codes(path):
    """Return the identity codes of a file, one per line; a file keeps them out of the process list."""
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as error:
        raise CommandError(gettext("%(path)s: cannot read the identity codes (%(error)s)") % {"path": path, "error": error}) from error
