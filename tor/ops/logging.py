"""Log records as one JSON object a line, each with the id of the request or job it belongs to.

settings.LOGGING uses `JsonFormatter` when TOR_LOG_FORMAT=json. The handler's masking filters
(registry.logging) run before the formatter, so the JSON holds the masked message. Only the
message, its level, logger, time, request id and the `extra` values that are numbers, booleans or
short strings are written; the message itself follows the `event_name key=value` convention and
carries ids, never names, identity codes or payloads.
"""

import json
import logging
from datetime import UTC, datetime

from registry.logging import STANDARD_ATTRIBUTES

MAX_EXTRA_LENGTH = 200


def current_request_id():
    """Return the id of the request or job running in this context, or ""."""
    from registry.middleware import current_audit_scope

    scope = current_audit_scope()
    return scope.request_id if scope is not None else ""


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record as `request_id`, unless the record has one."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        for name, value in record.__dict__.items():
            if name in STANDARD_ATTRIBUTES or name in entry or name.startswith("_"):
                continue
            if isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= MAX_EXTRA_LENGTH):
                entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)
