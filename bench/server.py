"""A gunicorn server of the register on 127.0.0.1 for the benchmarks, with a memory sampler."""

import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from .setup import process_tree_rss_mb

GUNICORN = Path(sys.executable).parent / "gunicorn"


@contextlib.contextmanager
def gunicorn(*, port, workers, log_path, environment=None):
    """Serve the register with `workers` sync workers on 127.0.0.1:`port`; yield a MemorySampler of the tree.

    The API's per-client rate limit is lifted, because the clients of one benchmark send far
    more than a provider system may; INFO logging is kept, as in production.
    """
    env = {**os.environ, "TOR_API_RATE_LIMIT": "1000000/minute", **(environment or {})}
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "tor.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--timeout", "300", "--max-requests", "0"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parent.parent,
        )
        try:
            _wait_until_up(port, process)
            sampler = MemorySampler(process.pid)
            sampler.start()
            try:
                yield sampler
            finally:
                sampler.stop()
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see its log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/oppija/none")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout} s")


class MemorySampler(threading.Thread):
    """Samples, every 0.2 s, the resident memory of the gunicorn master and workers, keeping the peaks."""

    def __init__(self, master_pid):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_tree_mb = 0.0
        self.peak_worker_mb = 0.0
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.wait(0.2):
            self.peak_tree_mb = max(self.peak_tree_mb, process_tree_rss_mb(self.master_pid))
            for worker in _children(self.master_pid):
                self.peak_worker_mb = max(self.peak_worker_mb, process_tree_rss_mb(worker))

    def reset(self):
        self.peak_tree_mb = 0.0
        self.peak_worker_mb = 0.0

    def stop(self):
        self._stopped.set()
        self.join(timeout=5)


def _children(pid):
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(child) for child in result.stdout.split()]
