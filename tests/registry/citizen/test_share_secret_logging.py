"""The logging filter that masks share-link secrets in request paths."""

import logging

from django.conf import settings

from registry.logging import ShareSecretMaskingFilter
from registry.services.share_links import new_secret


def filtered(message, *args, **extra):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    ShareSecretMaskingFilter().filter(record)
    return record


def test_secret_in_message_is_masked():
    secret = new_secret()

    record = filtered("Not Found: %s", f"/jako/{secret}/json/")

    assert record.getMessage() == "Not Found: /jako/[secret]/json/"


def test_secret_in_extra_is_masked():
    secret = new_secret()

    record = filtered("request finished", request=f"<WSGIRequest: GET '/jako/{secret}/'>")

    assert secret not in record.request
    assert "/jako/[secret]/" in record.request


def test_other_paths_are_kept():
    record = filtered("GET %s 200", "/omat-tiedot/jaot/12/peru/")

    assert record.getMessage() == "GET /omat-tiedot/jaot/12/peru/ 200"


def test_console_handler_masks_secrets():
    assert "mask_share_secrets" in settings.LOGGING["handlers"]["console"]["filters"]
