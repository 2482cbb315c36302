from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from registry.middleware import system_audit_scope
from tor.ops import retention

LABELS = {
    retention.FAILED_TRANSFER_DOCUMENTS: _("documents of failed transfers removed from the transfer log"),
    retention.SHARE_LINKS: _("expired or revoked share links removed"),
    retention.DATASET_FILES: _("expired bulk dataset files removed"),
    retention.SESSIONS: _("expired sessions removed"),
    retention.AUDIT_EVENTS: _("audit events removed"),
}


class Command(BaseCommand):
    help = (
        "Apply the retention periods of the settings: remove the documents of old failed transfers, old "
        "share links, expired bulk dataset files, expired sessions and old audit events, and report how "
        "many of each were removed. Study rights and their history are never removed. Celery beat runs "
        "the same work daily."
    )

    def handle(self, *args, **options):
        with system_audit_scope("apply_retention"):
            run = retention.apply_retention()

        for kind in retention.ALL_KINDS:
            if kind in run.removed:
                self.stdout.write(f"{run.removed[kind]:>8}  {LABELS[kind]}")
        for kind in run.skipped:
            self.stdout.write(
                _("Not applied, no retention period set: %(kind)s.") % {"kind": LABELS[kind]}
            )
        self.stdout.write(_("Items removed in total: %(count)s.") % {"count": run.total})
