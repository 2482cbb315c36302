"""Read latencies over HTTP: `python -m bench.reads` (disclosure lookup, citizen page, admin list).

Starts gunicorn on 127.0.0.1 and times, from one client over a keep-alive connection, requests
after a warm-up: the disclosure lookup (POST /api/v1/luovutus/oppijat) of one learner by
identity code and by OID, as an authority client with an OAuth2 token; the citizen's own-record
page (/omat-tiedot/) of learners with 5 study rights, with a citizen session; and pages of the
admin list of study rights of the provider whose count is nearest 100,000, as a provider
official with a session. Query counts come from the same requests made in-process with
Django's test client. Prints a table and writes bench/results/reads.json and the headlines.
"""

import argparse
import random
import tempfile
from pathlib import Path

from .setup import django_setup, headline, learner_count, machine, print_table, write_results

ADMIN_LIST = "/admin/registry/studyright/"
LOOKUP = "/api/v1/luovutus/oppijat"
CITIZEN_PAGE = "/omat-tiedot/"
TARGET_PROVIDER_SIZE = 100_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="Timed requests per measurement (default 500).")
    parser.add_argument("--warm-up", type=int, default=20, help="Untimed requests before each measurement.")
    parser.add_argument("--learners", type=int, default=1_000_000,
                        help="Loaded population: lookups pick learner indexes below this (default 1,000,000).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the loaded population and of the choices.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2).")
    parser.add_argument("--port", type=int, default=8732, help="Port of the benchmark server on 127.0.0.1.")
    parser.add_argument("--only", choices=["lookup", "citizen", "admin"], action="append",
                        help="Measure only these (repeatable); by default all three.")
    arguments = parser.parse_args()
    django_setup()
    from django.db import connection

    from .server import gunicorn

    rng = random.Random(arguments.seed)
    only = set(arguments.only or ["lookup", "citizen", "admin"])
    scale = learner_count()
    results = {"command": "python -m bench.reads " + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in vars(arguments).items() if v is not None),
               "machine": machine(), "learners_in_database": scale,
               "server": f"gunicorn, {arguments.workers} sync workers, 127.0.0.1:{arguments.port}", "clients": 1}
    plans = {}
    if "lookup" in only:
        plans["lookup"] = lookup_plan(rng, arguments)
    if "citizen" in only:
        plans["citizen"] = citizen_plan(rng, arguments)
    if "admin" in only:
        plans["admin"] = admin_plan(rng, arguments)
    for name, plan in plans.items():
        results.setdefault("query_counts", {})[name] = plan.pop("query_counts")
    connection.close()
    log_path = Path(tempfile.gettempdir()) / "bench-reads-gunicorn.log"
    with gunicorn(port=arguments.port, workers=arguments.workers, log_path=log_path):
        for name, plan in plans.items():
            results[name] = time_requests(arguments, **plan)
    report(results, scale)


def lookup_plan(rng, arguments):
    """Create an authority client under an active agreement with the lookup mode; return the lookup requests."""
    from authorities.models import AgreementStatus, ApiClientKind
    from authorities.services.agreement_fixtures import load_authority_agreements
    from authorities.services.api_clients import create_api_client
    from registry import identity_codes

    from .generator import FIRST_BIRTH_DATE, LEARNER_OID_BASE, oid_of

    agreement = next(agreement for agreement in load_authority_agreements(status=AgreementStatus.ACTIVE).agreements
                     if agreement.profile == "kela")
    credentials = create_api_client(name="bench lookup", kind=ApiClientKind.AUTHORITY, agreement=agreement,
                                    scopes=["luovutus"])
    import datetime

    def code_of(index):
        return identity_codes.compose(FIRST_BIRTH_DATE + datetime.timedelta(days=index // 100), 900 + index % 100)

    indexes = [rng.randrange(arguments.learners) for _ in range(arguments.requests + arguments.warm_up)]
    by_code = [{"oppijat": [{"hetu": code_of(index)}]} for index in indexes]
    by_oid = [{"oppijat": [{"oid": oid_of(24, LEARNER_OID_BASE + index)}]} for index in indexes]
    return {"kind": "lookup", "credentials": credentials, "bodies": {"identity_code": by_code, "oid": by_oid},
            "query_counts": {"identity_code": _queries_in_process("POST", LOOKUP, by_code[0], credentials=credentials),
                             "oid": _queries_in_process("POST", LOOKUP, by_oid[0], credentials=credentials)}}


def citizen_plan(rng, arguments):
    """Find learners with 5 study rights and open a citizen session for each; return the page requests."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from registry.citizen.session import SESSION_KEY

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.oid FROM registry_learner l JOIN registry_studyright s ON s.learner_id = l.id "
            "WHERE l.id IN (SELECT learner_id FROM registry_studyright GROUP BY learner_id HAVING count(*) = 5 LIMIT 2000) "
            "GROUP BY l.oid"
        )
        oids = [row[0] for row in cursor.fetchall()]
    chosen = rng.sample(oids, min(len(oids), 200))
    sessions = []
    for oid in chosen:
        store = SessionStore()
        store[SESSION_KEY] = oid
        store.create()
        sessions.append(store.session_key)
    return {"kind": "citizen", "sessions": sessions, "learners_with_5_study_rights": len(oids),
            "query_counts": {"own_record": _queries_in_process("GET", CITIZEN_PAGE, session=sessions[0])}}


def admin_plan(rng, arguments):
    """Create a provider official of the provider nearest 100,000 study rights; return the list-page requests."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from registry import permissions
    from registry.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute("SELECT provider_id, count(*) FROM registry_studyright WHERE provider_id IS NOT NULL GROUP BY 1")
        counts = cursor.fetchall()
    provider_id, count = min(counts, key=lambda row: abs(row[1] - TARGET_PROVIDER_SIZE))
    provider = Organisation.objects.get(pk=provider_id)
    user, _ = get_user_model().objects.get_or_create(username=f"bench-official-{provider_id}", defaults={"is_staff": True})
    permissions.grant(user, permissions.READ, provider)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    pages = -(-count // 100)
    paths = [ADMIN_LIST] + [f"{ADMIN_LIST}?p={rng.randrange(1, min(pages, 1000))}" for _ in range(arguments.requests + arguments.warm_up - 1)]
    counts_by_page = {f"page {page}": _queries_in_process("GET", f"{ADMIN_LIST}?p={page}", session=session)
                      for page in (1, 10, min(pages - 1, 999))}
    return {"kind": "admin", "sessions": [session], "paths": paths, "provider_oid": provider.oid,
            "provider_study_rights": count, "query_counts": counts_by_page}


def _queries_in_process(method, path, body=None, *, credentials=None, session=None):
    """Make the request in-process with Django's test client; return the number of SQL queries and the status."""
    import json

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {}
    if credentials is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {_token_in_process(client, credentials)}"
    if session is not None:
        client.cookies["sessionid"] = session
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(path, json.dumps(body), content_type="application/json", **headers)
        else:
            response = client.get(path, **headers)
    return {"queries": len(queries), "status": response.status_code}


def _token_in_process(client, credentials):
    import base64

    basic = base64.b64encode(f"{credentials.client_id}:{credentials.client_secret}".encode()).decode()
    response = client.post("/oauth2/token/", {"grant_type": "client_credentials", "scope": "luovutus"},
                           HTTP_AUTHORIZATION=f"Basic {basic}")
    return response.json()["access_token"]


def time_requests(arguments, kind, **plan):
    """Send the plan's requests over HTTP; return latency percentiles and statuses."""
    from collections import Counter

    from .http_client import Connection, client_credentials_token, percentiles

    figures = {key: value for key, value in plan.items() if key not in ("credentials", "bodies", "sessions", "paths")}
    if kind == "lookup":
        token = client_credentials_token(arguments.port, plan["credentials"].client_id,
                                         plan["credentials"].client_secret, "luovutus")
        connection = Connection(arguments.port, {"Authorization": f"Bearer {token}"})
        for key, bodies in plan["bodies"].items():
            figures[f"by_{key}"] = _timed(connection, [("POST", LOOKUP, body, None) for body in bodies], arguments)
        return figures
    connection = Connection(arguments.port)
    if kind == "citizen":
        sessions = plan["sessions"]
        requests = [("GET", CITIZEN_PAGE, None, sessions[number % len(sessions)])
                    for number in range(arguments.requests + arguments.warm_up)]
    else:
        requests = [("GET", path, None, plan["sessions"][0]) for path in plan["paths"]]
    figures["pages"] = _timed(connection, requests, arguments)
    return figures


def _timed(connection, requests, arguments):
    from collections import Counter

    from .http_client import percentiles

    latencies, statuses = [], Counter()
    for number, (method, path, body, session) in enumerate(requests):
        headers = {"Cookie": f"sessionid={session}"} if session else None
        status, _content, seconds = connection.request(method, path, body, headers)
        statuses[status] += 1
        if number >= arguments.warm_up:
            latencies.append(seconds)
    return {"requests": len(latencies), "statuses": dict(statuses), "latency_ms": percentiles(latencies)}


def report(results, scale):
    rows = []
    headlines = {}
    if "lookup" in results:
        for key in ("by_identity_code", "by_oid"):
            rows.append((f"lookup {key} ms", results["lookup"][key]["latency_ms"]))
        p95 = max(results["lookup"][key]["latency_ms"]["p95"] for key in ("by_identity_code", "by_oid"))
        headlines["lookup_p95_ms"] = headline(p95, "ms", scale, "" if p95 <= 15 else "disclosure-lookup")
        rows.append(("lookup queries", results["query_counts"]["lookup"]))
    if "citizen" in results:
        p95 = results["citizen"]["pages"]["latency_ms"]["p95"]
        rows += [("citizen page ms", results["citizen"]["pages"]["latency_ms"]),
                 ("citizen page queries", results["query_counts"]["citizen"])]
        headlines["citizen_page_p95_ms"] = headline(p95, "ms", scale, "" if p95 <= 100 else "citizen-page")
    if "admin" in results:
        p95 = results["admin"]["pages"]["latency_ms"]["p95"]
        rows += [("admin list provider study rights", results["admin"]["provider_study_rights"]),
                 ("admin list ms", results["admin"]["pages"]["latency_ms"]),
                 ("admin list queries", results["query_counts"]["admin"])]
        headlines["admin_list_p95_ms"] = headline(p95, "ms", scale, "" if p95 <= 300 else "admin-list")
    print_table("Reads over HTTP", rows)
    write_results("reads", results, headlines)


if __name__ == "__main__":
    main()
