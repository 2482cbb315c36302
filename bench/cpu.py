"""CPU time per stored study right during a running ingest: `python -m bench.cpu --gunicorn-pid PID --seconds 300`.

On a machine shared with other work the ingest rate says more about the neighbours than about
the register, so this samples the CPU time (user + system, from /proc) that the gunicorn
workers and the PostgreSQL backends of the benchmark database used over a window, and divides
it by the study rights stored through the API in that window. Writes bench/results/ingest-cpu.json.
"""

import argparse
import os
import subprocess
import time

from .setup import django_setup, machine, print_table, write_results

TICKS = os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gunicorn-pid", type=int, required=True, help="PID of the benchmark's gunicorn master.")
    parser.add_argument("--seconds", type=float, default=300, help="Length of the window (default 300).")
    arguments = parser.parse_args()
    django_setup()

    # Django closes a database connection after CONN_MAX_AGE, so backends come and go during the
    # window: each process is sampled every second and its CPU counted from its first to its last sample.
    first_seen, last_seen = {}, {}
    before = after = _sample(arguments.gunicorn_pid)
    deadline = time.monotonic() + arguments.seconds
    while True:
        after = _sample(arguments.gunicorn_pid, count=time.monotonic() >= deadline)
        for group in ("app", "database"):
            for pid, ticks in {**before[group], **after[group]}.items():
                first_seen.setdefault((group, pid), ticks if pid in before[group] else 0)
                last_seen[(group, pid)] = max(last_seen.get((group, pid), 0), ticks)
        if "stored" in after:
            break
        time.sleep(1)

    stored = after["stored"] - before["stored"]
    app = sum(last_seen[key] - first_seen[key] for key in last_seen if key[0] == "app") / TICKS
    database = sum(last_seen[key] - first_seen[key] for key in last_seen if key[0] == "database") / TICKS
    wall = after["time"] - before["time"]
    results = {
        "command": f"python -m bench.cpu --gunicorn-pid {arguments.gunicorn_pid} --seconds {arguments.seconds}",
        "machine": machine(), "window_seconds": round(wall, 1), "study_rights_stored": stored,
        "app_cpu_seconds": round(app, 1), "database_cpu_seconds": round(database, 1),
        "app_cpu_ms_per_study_right": round(app * 1000 / stored, 1) if stored else None,
        "database_cpu_ms_per_study_right": round(database * 1000 / stored, 1) if stored else None,
        "share_of_two_cores_used": round((app + database) / (2 * wall), 3),
    }
    if stored:
        per_study_right = (app + database) / stored
        results["projected_study_rights_per_s_on_2_idle_cores"] = round(2 / per_study_right, 1)
    print_table("CPU per study right", [(key, value) for key, value in results.items() if key != "machine"])
    write_results("ingest-cpu", results)


def _sample(master, count=True):
    from django.db import connection

    workers = [int(pid) for pid in subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                                                  text=True).stdout.split()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        backends = [row[0] for row in cursor.fetchall()]
        sample = {"time": time.monotonic(), "app": {pid: _ticks(pid) for pid in [master, *workers]},
                  "database": {pid: _ticks(pid) for pid in backends}}
        if count:
            cursor.execute("SELECT count(*) FROM registry_studyrightversion WHERE version = 1 AND source = 'api'")
            sample["stored"] = cursor.fetchone()[0]
    return sample


def _ticks(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    # utime and stime are fields 14 and 15 of /proc/<pid>/stat; the text after ")" starts at field 3.
    return int(fields[11]) + int(fields[12])


if __name__ == "__main__":
    main()
