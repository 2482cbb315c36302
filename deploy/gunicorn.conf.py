"""gunicorn settings of the register: `gunicorn -c deploy/gunicorn.conf.py tor.wsgi`.

Every value comes from the environment (docs/operations.md, "App servers"). The proxy terminates
TLS; gunicorn listens on a private address and trusts X-Forwarded-* only from the proxy.
"""

import multiprocessing
import os
import shutil

bind = os.environ.get("TOR_GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TOR_GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# More than one thread per worker selects the gthread worker: requests waiting on PostgreSQL let
# another request of the same worker run.
threads = int(os.environ.get("TOR_GUNICORN_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
# A request slower than this is killed with its worker: bulk work belongs to Celery, not to a request.
timeout = int(os.environ.get("TOR_GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Restart each worker after this many requests (with jitter, so not all at once) to bound memory growth.
max_requests = int(os.environ.get("TOR_GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
# The proxy's addresses: only they may set X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("TOR_PROXY_ADDRESSES", "127.0.0.1,::1")
# The register logs one line per request itself (tor.ops.metrics) with the route name and request id.
# Gunicorn's access log is off because it would write the raw path, which can contain OIDs.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("TOR_GUNICORN_LOG_LEVEL", "info")
proc_name = "tor"
# Header and request-line limits: API bodies are large, headers never are.
limit_request_line = 8190
limit_request_fields = 100


def on_starting(server):
    """Empty the Prometheus folder of the workers' metric files, so the counters start from the new master's start."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    """Let /metrics stop adding a dead worker's live gauges (prometheus-client multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
