"""No personal identity code reaches the logs, with every logger at DEBUG and SQL logging on.

The records go through the handler that settings.LOGGING gives the root logger, with its masking
filter and formatter, and the test reads both that handler's output and the records themselves.
"""

import io
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from registry.logging import IdentityCodeMaskingFilter
from tests import samples
from tests.registry.identity_codes import traffic

pytestmark = pytest.mark.django_db


def is_pytest_handler(handler):
    return type(handler).__module__.startswith("_pytest")


def writes_records(handler):
    """Return whether `handler` writes records anywhere: libraries' NullHandlers and pytest's capture do not count."""
    return not (is_pytest_handler(handler) or isinstance(handler, logging.NullHandler))


def configured_root_handler():
    """Return the root logger's handler that settings.LOGGING configured, the one with the masking filter."""
    handlers = [handler for handler in logging.getLogger().handlers if writes_records(handler)]
    assert len(handlers) == 1, f"expected the one root handler of settings.LOGGING, found {handlers}"
    return handlers[0]


@pytest.fixture
def debug_logging():
    """Set every logger to DEBUG, log SQL, and capture the configured root handler's output; undo it after."""
    loggers = [logging.getLogger(), logging.getLogger("django"), logging.getLogger("django.db.backends")]
    loggers += [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    handler = configured_root_handler()
    output = io.StringIO()
    stream = handler.setStream(output)
    force_debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield output
    finally:
        connection.force_debug_cursor = force_debug_cursor
        handler.setStream(stream)
        for logger, level in levels:
            logger.setLevel(level)


def record_texts(record):
    """Return every text of a record that a handler or formatter could write."""
    texts = [record.getMessage(), repr(record.args), repr(record.msg)]
    if record.exc_text:
        texts.append(record.exc_text)
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        texts.append(record.stack_info)
    texts.extend(repr(value) for name, value in vars(record).items() if name not in ("msg", "args", "exc_info"))
    return texts


def test_root_handler_has_masking_filter():
    handler = configured_root_handler()

    assert isinstance(handler, logging.StreamHandler)
    assert any(isinstance(item, IdentityCodeMaskingFilter) for item in handler.filters)
    assert settings.LOGGING["root"]["handlers"] == ["console"]


def test_every_handler_masks_identity_codes():
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]

    unmasked = [
        (logger.name, type(handler).__name__)
        for logger in loggers
        for handler in logger.handlers
        if writes_records(handler) and not any(isinstance(item, IdentityCodeMaskingFilter) for item in handler.filters)
    ]

    assert unmasked == []


WORKER_LOGGING_PROBE = """
import logging, sys
import django
django.setup()
from tor.celery import app
from registry.logging import IdentityCodeMaskingFilter
app.log.setup(loglevel="INFO", redirect_stdouts=False)
loggers = [logging.getLogger()] + [item for item in logging.root.manager.loggerDict.values() if isinstance(item, logging.Logger)]
for logger in loggers:
    for handler in logger.handlers:
        if not isinstance(handler, logging.NullHandler) and not any(isinstance(item, IdentityCodeMaskingFilter) for item in handler.filters):
            print(logger.name)
"""


def test_celery_worker_keeps_masking_handlers():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tor.settings"}

    result = subprocess.run(
        [sys.executable, "-c", WORKER_LOGGING_PROBE], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120, check=True,
    )

    # NOTE: Celery's handler on the multiprocessing logger stays unfiltered; only the process pool logs there.
    assert result.stdout.split() == ["multiprocessing"]


def test_ingest_and_admin_search_log_no_identity_code(api, admin_user, client, caplog, debug_logging):
    writer = api.as_user(admin_user, "admin-password")
    sent = traffic.SentCodes()

    sent_samples = traffic.send_every_sample(writer, sent)
    accepted_variants = traffic.send_accepted_variants(writer, sent)
    rejected = traffic.send_rejected_documents(writer, sent)
    unparseable = traffic.send_unparseable_bodies(writer, sent)
    batches = traffic.send_batch(writer, sent)
    read_status = traffic.read_with_code_in_path(writer, sent)
    client.force_login(admin_user)
    stored_code = next(sample.identity_code for sample in sent_samples if sample.status == 200)
    searches = traffic.use_admin_search(client, sent, known_code=stored_code)

    statuses = {sample.name: sample.status for sample in sent_samples}
    assert statuses[samples.supported_sample_names()[0]] == 200, statuses
    assert statuses[samples.unsupported_sample_names()[0]] == 400, statuses
    assert accepted_variants[0] == 200
    assert all(400 <= status < 500 for status in rejected), rejected
    assert all(400 <= status < 500 for status in unparseable), unparseable
    assert batches == [207, 400]
    assert read_status == 400
    assert searches == [302, 200, 200, 302]

    records = caplog.records
    assert any(record.name == "django.db.backends" and record.levelno == logging.DEBUG for record in records)
    assert any(record.name == "registry.services.transfers" for record in records)
    for record in records:
        for text in record_texts(record):
            assert sent.found_in(text) == [], f"{record.name} {record.levelname}: {text[:300]}"

    output = debug_logging.getvalue()
    assert "django.db.backends" in output
    assert "[identity code]" in output, "the masking filter never had to act, so the test proves too little"
    assert sent.found_in(output) == []
