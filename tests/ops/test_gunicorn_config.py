"""deploy/gunicorn.conf.py: gunicorn accepts it and reads its values from the environment."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent


def check_config(**environment):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.run(
        [str(gunicorn), "--check-config", "--print-config", "-c", "deploy/gunicorn.conf.py", "tor.wsgi"],
        cwd=PROJECT, env={**os.environ, **environment}, capture_output=True, text=True, timeout=120,
    )


def printed(output, name):
    for line in output.splitlines():
        key, _separator, value = line.partition("=")
        if key.strip() == name:
            return value.strip()
    raise AssertionError(f"{name} is not in gunicorn's printed configuration")


def test_configuration_reads_the_environment():
    completed = check_config(TOR_GUNICORN_BIND="127.0.0.1:8123", TOR_GUNICORN_WORKERS="3", TOR_GUNICORN_THREADS="4")

    assert completed.returncode == 0, completed.stderr
    assert printed(completed.stdout, "bind") == "['127.0.0.1:8123']"
    assert printed(completed.stdout, "workers") == "3"
    assert printed(completed.stdout, "worker_class") == "gthread"
    assert printed(completed.stdout, "accesslog") == "None"


def test_one_thread_selects_the_sync_worker():
    completed = check_config(TOR_GUNICORN_THREADS="1")

    assert completed.returncode == 0, completed.stderr
    assert printed(completed.stdout, "worker_class") == "sync"
