"""Logging filters that mask personal identity codes and share-link secrets, a second line of defence behind never logging them.

The filter belongs on every handler (tor/settings.py puts it on the root logger's only handler).
It changes the record in place, so a handler that runs after a filtered one gets the masked record too.
"""

import logging
import re

from .identity_codes import REDACTED, contains_identity_code, redact

MASK = REDACTED

# Attributes that every LogRecord has. Any other attribute came from the `extra` argument.
STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class IdentityCodeMaskingFilter(logging.Filter):
    """Mask identity codes in the message, its arguments, the exception and stack text and the `extra` values.

    A message with a code is stored formatted and masked, with no arguments. An exception whose
    text contains a code is kept only as masked text (`exc_text`, which the standard formatter
    prints), so no handler can format the original exception. The filter never drops a record.
    """

    def filter(self, record):
        self._mask_message(record)
        self._mask_exception(record)
        if record.stack_info and contains_identity_code(record.stack_info):
            record.stack_info = redact(record.stack_info)
        self._mask_extra(record)
        return True

    def _mask_message(self, record):
        try:
            message = record.getMessage()
        except Exception:
            # A malformed call would make the handler print its arguments unmasked (Handler.handleError).
            message = f"{record.msg} {record.args!r}"
            record.msg, record.args = redact(message), ()
            return
        if contains_identity_code(message) or (record.args and contains_identity_code(repr(record.args))):
            record.msg, record.args = redact(message), ()

    def _mask_exception(self, record):
        text = record.exc_text
        if record.exc_info and not text:
            text = logging.Formatter().formatException(record.exc_info)
        if text and contains_identity_code(text):
            record.exc_text = redact(text)
            record.exc_info = None

    def _mask_extra(self, record):
        """Mask the attributes passed as `extra`, such as the request of django.request's records.

        An object whose text contains a code is replaced by its masked repr(), so a handler that
        reads it, say for the URL of a request, gets the masked text instead.
        """
        for name, value in list(record.__dict__.items()):
            if name in STANDARD_ATTRIBUTES or value is None or isinstance(value, (bool, int, float)):
                continue
            text = value if isinstance(value, str) else repr(value)
            if contains_identity_code(text):
                setattr(record, name, redact(text))


# A share link's secret in a path (/jako/<secret>/), as in the development server's request lines
# and django.request's "Not Found" warnings. Secrets are 43 characters; 16 or more are masked.
SHARE_SECRET_IN_PATH = re.compile(r"(/jako/)[A-Za-z0-9_-]{16,}")
SHARE_SECRET_MASK = r"\1[secret]"


class ShareSecretMaskingFilter(logging.Filter):
    """Mask share-link secrets in the message and the `extra` values, such as the request of django.request's records."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            message = f"{record.msg} {record.args!r}"
        if SHARE_SECRET_IN_PATH.search(message):
            record.msg, record.args = SHARE_SECRET_IN_PATH.sub(SHARE_SECRET_MASK, message), ()
        for name, value in list(record.__dict__.items()):
            if name in STANDARD_ATTRIBUTES or value is None or isinstance(value, (bool, int, float)):
                continue
            text = value if isinstance(value, str) else repr(value)
            if SHARE_SECRET_IN_PATH.search(text):
                setattr(record, name, SHARE_SECRET_IN_PATH.sub(SHARE_SECRET_MASK, text))
        return True
