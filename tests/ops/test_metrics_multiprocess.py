"""Prometheus's multiprocess mode: /metrics adds up the counts of every gunicorn worker, not only its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

PROJECT = Path(__file__).resolve().parent.parent.parent

# The rendering process reads the database gauges from the test database.
pytestmark = pytest.mark.django_db

COUNT_ONE_REQUEST = """
import django
django.setup()
from tor.ops.metrics import REQUESTS
REQUESTS.labels(route="api:learner-read", method="GET", status="200").inc()
"""

RENDER = """
import sys
import django
django.setup()
from tor.ops.metrics import render_metrics
sys.stdout.write(render_metrics().decode())
"""


def database_url_of_tests():
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT'] or 5432}/{config['NAME']}"


def run_python(code, multiprocess_directory):
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(multiprocess_directory),
                   "DJANGO_SETTINGS_MODULE": "tor.settings", "DATABASE_URL": database_url_of_tests()}
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_counts_of_all_workers_are_added_up(tmp_path):
    for _worker in range(3):
        run_python(COUNT_ONE_REQUEST, tmp_path)

    text = run_python(RENDER, tmp_path)

    counts = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "tor_http_requests_total" and sample.labels.get("route") == "api:learner-read"
    ]
    assert counts == [3.0]
