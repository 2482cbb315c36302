"""Shared plumbing of the benchmark commands: Django set-up, the machine's state and the result files."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
LATEST = RESULTS / "latest.json"


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tor.settings")
    import django

    django.setup()


def machine():
    """Return the machine's cores, memory, load averages and the time, for the results of a run."""
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(total_kb / 1024 / 1024, 1),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "python_reference_ms": python_reference_ms(),
        "postgresql": _postgresql_version(),
        "time_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def python_reference_ms():
    """Return the best of five timings of `sum(range(1_000_000))` in milliseconds: how fast this machine runs Python.

    Most of the register's time is Python, so this figure lets results from two machines be compared.
    """
    import timeit

    return round(min(timeit.repeat("sum(range(1_000_000))", number=5, repeat=5)) / 5 * 1000, 1)


def _postgresql_version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def learner_count():
    from registry.models import Learner

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM %s" % Learner._meta.db_table)
        return cursor.fetchone()[0]


def write_results(name, results, headlines=None):
    """Write `results` to bench/results/<name>.json and merge `headlines` into latest.json.

    `headlines` maps a headline metric to {"value", "unit", "scale", "limit"}.
    """
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    if headlines:
        latest = json.loads(LATEST.read_text(encoding="utf-8")) if LATEST.exists() else {}
        latest.update(headlines)
        LATEST.write_text(json.dumps(dict(sorted(latest.items())), indent=2) + "\n", encoding="utf-8")
    return path


def headline(value, unit, scale, limit=""):
    return {"value": value, "unit": unit, "scale": scale, "limit": limit}


def print_table(title, rows):
    """Print `rows` (a list of (label, value) pairs) under `title`, aligned."""
    print(title)
    width = max((len(str(label)) for label, _ in rows), default=0)
    for label, value in rows:
        print(f"  {str(label):<{width}}  {value}")


def process_tree_rss_mb(pid):
    """Return the resident memory of process `pid` and all its descendants in MB, from /proc."""
    pids = [pid]
    position = 0
    while position < len(pids):
        result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pids[position])], capture_output=True, text=True)
        pids += [int(child) for child in result.stdout.split()]
        position += 1
    total_kb = 0
    for process in pids:
        try:
            with open(f"/proc/{process}/status", encoding="ascii") as status:
                total_kb += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
        except FileNotFoundError:
            continue
    return total_kb / 1024
