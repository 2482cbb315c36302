"""JSON log lines: one object per record, with the request id, masked identity codes and no paths."""

import json
import logging

import pytest

from registry.logging import IdentityCodeMaskingFilter
from registry.middleware import system_audit_scope
from tests.factories import synthetic_identity_code
from tor.ops.logging import JsonFormatter, RequestIdFilter


class Collecting(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.setFormatter(JsonFormatter())
        self.addFilter(IdentityCodeMaskingFilter())
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def collected():
    handler = Collecting()
    logger = logging.getLogger("tor.ops.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_job_record_has_job_request_id(collected):
    with system_audit_scope("test-job", request_id="job-request-1"):
        logging.getLogger("tor.ops.requests").warning("event_happened count=%s", 3, extra={"client_id": "c-1"})

    assert collected == [{
        "time": collected[0]["time"], "level": "WARNING", "logger": "tor.ops.requests",
        "message": "event_happened count=3", "request_id": "job-request-1", "client_id": "c-1",
    }]


def test_identity_code_is_masked_before_formatting(collected):
    code = synthetic_identity_code()

    logging.getLogger("tor.ops.requests").info("oops hetu=%s", code)

    assert code not in json.dumps(collected)
    assert collected[0]["message"].startswith("oops hetu=")


@pytest.mark.django_db
def test_request_line_names_route_not_path(client, collected):
    learner_oid = "1.2.246.562.24.00000000001"

    response = client.get(f"/api/v1/oppija/{learner_oid}", HTTP_X_REQUEST_ID="load-test-42")

    line = collected[-1]
    assert line["message"] == f"request_finished route=api:learner-read method=GET status={response.status_code} " + \
        line["message"].rsplit(" ", 1)[1]
    assert line["request_id"] == "load-test-42"
    assert learner_oid not in json.dumps(collected)
