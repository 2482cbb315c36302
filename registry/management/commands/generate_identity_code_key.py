from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from registry import identity_codes


class Command(BaseCommand):
    @property
    def help(self):
        # A property, because argparse formats the description with re, which rejects a lazy string.
        return str(_(
            "Print a new key for TOR_IDENTITY_CODE_KEYS: 32 random bytes in URL-safe base64. The key is "
            "printed and never stored. Put it first in TOR_IDENTITY_CODE_KEYS and run rotate_identity_code_keys."
        ))

    def handle(self, *args, **options):
        self.stdout.write(identity_codes.generate_key())
