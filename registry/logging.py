"""Logging filter that masks personal identity codes, a second line of defence behind never logging them."""

import logging

from .identity_codes import IDENTITY_CODE_PATTERN

MASK = "[identity code]"


class IdentityCodeMaskingFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if IDENTITY_CODE_PATTERN.search(message):
            record.msg = IDENTITY_CODE_PATTERN.sub(MASK, message)
            record.args = ()
        return True
