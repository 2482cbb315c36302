"""A running register for the browser tests, with every supported sample loaded as its own learner.

The browser tests cannot use pytest-django's `live_server`: it needs transactional tests, which
flush every table afterwards and so wipe the national reference data that tests/conftest.py loads
once per session. `browser_site` instead runs `manage.py runserver` in a child process on a
PostgreSQL database of its own, named after DATABASE_URL's database with "_browser" appended (and
the xdist worker id), which it creates before and drops after the session.
"""

import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import samples
from tests.conftest import REFERENCE
from tests.factories import synthetic_identity_code

PROJECT = Path(__file__).resolve().parents[3]
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
SERVER_START_SECONDS = 60
REQUEST_SECONDS = 60
# Each API request checks the superuser's password with the default PBKDF2 hasher (about 0.4 s on
# a 2-core machine), so the samples are sent on a few connections at once.
LOADING_THREADS = 4
SUPERUSER = "browser-admin"
LEARNER_OID = re.compile(r"^1\.2\.246\.562\.24\.\d{11}$")


@dataclass
class SampleLearner:
    """A sample loaded as its own learner: the learner's OID and the study rights the API read back."""

    sample: str
    oid: str
    study_rights: list = field(default_factory=list)


@dataclass
class BrowserSite:
    base_url: str
    learners: dict


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory, request):
    """Yield the running register's base URL and its sample learners; stop it and drop its database after."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "")
    database_url, database_name, maintenance_url = browser_database(os.environ.get("DATABASE_URL", ""), worker)
    password = secrets.token_urlsafe(24)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TOR_TEST_IDENTIFICATION": "true",
        "DJANGO_SUPERUSER_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path_factory.mktemp("browser-server") / "runserver.log"

    recreate_database(maintenance_url, database_name)
    server = None
    try:
        manage(environment, "migrate", "--noinput")
        manage(environment, "load_reference_data", str(REFERENCE))
        manage(environment, "createsuperuser", "--noinput", "--username", SUPERUSER, "--email", "browser-admin@example.invalid")
        server, base_url = start_server(environment, log_path)
        learners = load_samples(base_url, environment, basic_credentials(SUPERUSER, password))
        yield BrowserSite(base_url=base_url, learners=learners)
    finally:
        if server is not None:
            stop_server(server)
        drop_database(maintenance_url, database_name)


def browser_database(database_url, worker):
    """Return (URL, name) of the browser tests' database and the URL of the server's `postgres` database."""
    parts = urllib.parse.urlsplit(database_url)
    if parts.scheme not in POSTGRES_SCHEMES:
        pytest.skip("the browser tests need PostgreSQL: set DATABASE_URL to a postgres:// URL")
    name = parts.path.lstrip("/") + "_browser" + (f"_{worker}" if worker else "")
    return (
        urllib.parse.urlunsplit(parts._replace(path=f"/{name}")),
        name,
        urllib.parse.urlunsplit(parts._replace(path="/postgres")),
    )


def recreate_database(maintenance_url, name):
    """Create the database `name`, dropping a copy that an interrupted run left behind."""
    drop_database(maintenance_url, name)
    _administer(maintenance_url, "CREATE DATABASE {}", name)


def drop_database(maintenance_url, name):
    _administer(maintenance_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def _administer(maintenance_url, statement, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def manage(environment, *arguments):
    """Run a manage.py command in a child process and return its standard output; fail the tests if it fails."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=600,
    )
    if completed.returncode != 0:
        pytest.fail(f"manage.py {arguments[0]} failed with exit code {completed.returncode}:\n{completed.stderr[-4000:]}")
    return completed.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(environment, log_path):
    """Start runserver on a free loopback port and return (process, base URL) once it serves the home page."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver exited with code {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/", timeout=2) as response:
                if response.status == 200:
                    return process, base_url
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    stop_server(process)
    pytest.fail(f"runserver timed out: {base_url}/ did not answer within {SERVER_START_SECONDS} s:\n{log_path.read_text()[-4000:]}")


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def basic_credentials(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def load_samples(base_url, environment, credentials):
    """Send every supported sample through the API as its own learner, as the API round-trip tests do.

    A sample that names its learner by OID alone needs that learner to exist first. No API creates
    a learner without a study right, so those learners are made with the project's LearnerFactory
    in a `manage.py shell` child process against the browser database.
    """
    names = samples.supported_sample_names()
    documents = {name: samples.load(name) for name in names}
    oid_only = [name for name in names if samples.names_learner_by_oid_only(documents[name])]
    for name, oid in zip(oid_only, create_learners(environment, len(oid_only))):
        documents[name]["henkilö"] = {"oid": oid}
    for name in names:
        if name not in oid_only:
            documents[name] = samples.with_own_learner(documents[name])

    def load(name):
        return load_sample(base_url, credentials, name, documents[name])

    with ThreadPoolExecutor(max_workers=LOADING_THREADS) as pool:
        return {learner.sample: learner for learner in pool.map(load, names)}


def create_learners(environment, count):
    """Create `count` named learners with synthetic identity codes and return their OIDs."""
    # The codes come from this process's counter, the same one that with_own_learner draws from,
    # so they differ from every code the samples are sent with.
    codes = [synthetic_identity_code() for _ in range(count)]
    script = (
        "from tests.factories import LearnerFactory\n"
        f"for code in {codes!r}:\n"
        "    print(LearnerFactory(identity_code=code, first_names='Oili', calling_name='Oili').oid)\n"
    )
    output = manage(environment, "shell", "--no-imports", "-c", script)
    oids = [line for line in output.split() if LEARNER_OID.match(line)]
    assert len(oids) == count, f"manage.py shell printed {output!r}, expected {count} learner OIDs"
    return oids


def load_sample(base_url, credentials, name, document):
    written = api_request(base_url, credentials, "PUT", "/api/v1/oppija", document, name)
    oid = written["henkilö"]["oid"]
    read = api_request(base_url, credentials, "GET", f"/api/v1/oppija/{oid}", None, name)
    return SampleLearner(sample=name, oid=oid, study_rights=read["opiskeluoikeudet"])


def api_request(base_url, credentials, method, path, body, sample):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{base_url}{path}", data=data, method=method,
        headers={"Authorization": credentials, "Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        pytest.fail(f"{method} {path} for sample {sample} returned {error.code}: {error.read().decode()[:2000]}")
