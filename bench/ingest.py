"""HTTP ingest of the national mix: `python -m bench.ingest --batch-learners 50000 --single-learners 500`.

Starts gunicorn on 127.0.0.1, creates one OAuth2 provider client per (education provider, source
system) of the templates, and sends new synthetic learners from several client processes: first
one PUT /api/v1/oppija per learner, then PUT /api/v1/oppija/batch with lists of learners. Then it
takes the rows the batch phase wrote (study rights, versions, achievements), deletes them and
writes the same rows again with one COPY per table, in one transaction, to time PostgreSQL's own
rate for them. Prints a table and writes bench/results/ingest.json and the ingest headlines.
"""

import argparse
import collections
import json
import multiprocessing
import tempfile
import time
from pathlib import Path

from .setup import django_setup, headline, learner_count, machine, print_table, write_results

WRITE_SCOPE = "oppija:write"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-learners", type=int, default=50000, help="Learners sent through the batch endpoint (default 50000).")
    parser.add_argument("--single-learners", type=int, default=500, help="Learners sent one PUT each (default 500).")
    parser.add_argument("--batch-size", type=int, default=25, help="Learners per batch request (default 25).")
    parser.add_argument("--clients", type=int, default=4, help="Client processes (default 4).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2).")
    parser.add_argument("--first", type=int, default=1_100_000,
                        help="Index of the first synthetic learner; keep it above the loaded population.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the population (default 1).")
    parser.add_argument("--port", type=int, default=8731, help="Port of the benchmark server on 127.0.0.1.")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="Stop sending in a phase after this many seconds (default 0: send every learner).")
    parser.add_argument("--name", default="ingest", help="Name of the results file (default ingest).")
    arguments = parser.parse_args()
    django_setup()
    from django.db import connection

    from .generator import Population
    from .server import gunicorn
    from .templates import HTTP_KINDS, build_templates

    population = Population.for_http(build_templates(list(HTTP_KINDS)), seed=arguments.seed)
    clients = create_provider_clients(population)
    scale_before = learner_count()
    connection.close()
    log_path = Path(tempfile.gettempdir()) / f"bench-{arguments.name}-gunicorn.log"
    results = {"command": _command_line(arguments), "machine": machine(), "learners_in_database_before": scale_before,
               "authentication": "OAuth2 client-credentials bearer tokens, one provider client per provider and source system",
               "server": f"gunicorn, {arguments.workers} sync workers, 127.0.0.1:{arguments.port}",
               "client_processes": arguments.clients, "gunicorn_log": str(log_path)}
    with gunicorn(port=arguments.port, workers=arguments.workers, log_path=log_path) as memory:
        tokens = {key: _token(arguments.port, credentials) for key, credentials in clients.items()}
        first = arguments.first
        phases = [("single", first, first + arguments.single_learners, 1),
                  ("batch", first + arguments.single_learners,
                   first + arguments.single_learners + arguments.batch_learners, arguments.batch_size)]
        for name, start, stop, batch_size in phases:
            if stop > start:
                memory.reset()
                results[name] = run_phase(population, tokens, start, stop, batch_size, arguments)
                results[name]["peak_worker_rss_mb"] = round(memory.peak_worker_mb, 1)
                results[name]["peak_server_tree_rss_mb"] = round(memory.peak_tree_mb, 1)
    if "batch" in results:
        results["copy"] = copy_same_rows(results["batch"]["study_right_ids"])
        results["copy_ratio"] = round(results["batch"]["study_rights_per_s"] / results["copy"]["study_rights_per_s"], 3)
    results["learners_in_database_after"] = learner_count()
    for name in ("single", "batch"):
        results.get(name, {}).pop("study_right_ids", None)
    report(results, arguments)


def create_provider_clients(population):
    """Create an active provider client for each (provider, source system) of the templates; return {key: credentials}.

    Each run creates new clients; earlier runs' clients stay in the database.
    """
    from authorities.models import ApiClientKind
    from authorities.services.api_clients import create_api_client
    from registry import permissions
    from registry.models import Organisation

    from .generator import SENT_SOURCE_SYSTEMS

    clients = {}
    for templates in population.templates.values():
        for template in templates:
            key = (template.provider_id, SENT_SOURCE_SYSTEMS[template.kind])
            if key not in clients:
                organisation = Organisation.objects.get(pk=template.provider_id)
                clients[key] = create_api_client(
                    name=f"bench ingest {key[0]} {key[1]}", kind=ApiClientKind.PROVIDER_SYSTEM,
                    organisation=organisation, source_system=key[1], scopes=[WRITE_SCOPE],
                )
                # The samples hold special-support decisions and other sensitive data, which provider
                # systems send with the sensitive-data right.
                permissions.grant(clients[key].client.user, permissions.SENSITIVE, organisation)
    return clients


def client_key(study_right):
    return (study_right.template.provider_id, study_right.sent_source_system)


def _token(port, credentials):
    from .http_client import client_credentials_token

    return client_credentials_token(port, credentials.client_id, credentials.client_secret, WRITE_SCOPE)


def run_phase(population, tokens, start, stop, batch_size, arguments):
    """Send learners `start`..`stop` from the client processes; return the phase's figures."""
    from django.db import connection

    from registry.models import StudyRight

    first_id = (StudyRight.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    connection.close()
    context = multiprocessing.get_context("fork")
    began = time.perf_counter()
    with context.Pool(arguments.clients) as pool:
        outcomes = pool.starmap(
            _send_share,
            [(population, tokens, start, stop, batch_size, arguments.clients, share, arguments.port,
              time.time() + arguments.max_seconds if arguments.max_seconds else None)
             for share in range(arguments.clients)],
        )
    seconds = time.perf_counter() - began
    return _phase_figures(outcomes, seconds, _api_written_since(first_id), batch_size)


def _api_written_since(first_id):
    """Return the ids of study rights from `first_id` on whose first version came through the API.

    The loader may write at the same time, from the same id sequence; its versions have another source.
    """
    from registry.models import StudyRightVersion, VersionSource

    return list(
        StudyRightVersion.objects.filter(study_right_id__gte=first_id, version=1, source=VersionSource.API)
        .values_list("study_right_id", flat=True)
    )


def _phase_figures(outcomes, seconds, study_right_ids, batch_size):
    from registry.models import Achievement

    from .http_client import percentiles

    latencies = [latency for outcome in outcomes for latency in outcome["latencies"]]
    errors = collections.Counter()
    for outcome in outcomes:
        errors.update(outcome["errors"])
    study_rights = len(study_right_ids)
    achievements = Achievement.objects.filter(study_right_id__in=study_right_ids).count()
    sent = sum(outcome["learners"] for outcome in outcomes)
    return {
        "stopped_at_deadline": any(outcome.get("stopped_at_deadline") for outcome in outcomes),
        "learners_sent": sent, "learners_per_request": batch_size, "requests": len(latencies),
        "seconds": round(seconds, 1), "study_rights_stored": study_rights, "achievements_stored": achievements,
        "study_rights_per_s": round(study_rights / seconds, 1), "achievements_per_s": round(achievements / seconds, 1),
        "rejected_learners": sum(errors.values()), "error_keys": dict(errors.most_common(10)),
        "mean_document_kb": round(sum(outcome["bytes"] for outcome in outcomes) / max(sent, 1) / 1024, 1),
        "request_latency_ms": percentiles(latencies), "study_right_ids": study_right_ids,
    }


def _send_share(population, tokens, start, stop, batch_size, shares, share, port, deadline):
    """Send every `shares`-th learner of `start`..`stop` from `share` on, grouped by provider client.

    After `deadline` (a time.time() value, or None) the rest is not sent.
    """
    from .http_client import Connection

    connections = {key: Connection(port, {"Authorization": f"Bearer {token}"}) for key, token in tokens.items()}
    outcome = {"latencies": [], "errors": collections.Counter(), "learners": 0, "bytes": 0}
    pending = collections.defaultdict(list)
    for index in range(start + share, stop, shares):
        if deadline is not None and time.time() > deadline:
            outcome["stopped_at_deadline"] = True
            break
        learner = population.learner(index)
        key = client_key(learner.study_rights[0])
        pending[key].append(population.learner_document(learner))
        if len(pending[key]) >= batch_size:
            _send(connections[key], pending.pop(key), batch_size, outcome)
    for key, documents in pending.items():
        _send(connections[key], documents, batch_size, outcome)
    return outcome


def _send(connection, documents, batch_size, outcome):
    body = json.dumps(documents if batch_size > 1 else documents[0], ensure_ascii=False).encode()
    path = "/api/v1/oppija/batch" if batch_size > 1 else "/api/v1/oppija"
    status, content, seconds = connection.request("PUT", path, body)
    outcome["latencies"].append(seconds)
    outcome["learners"] += len(documents)
    outcome["bytes"] += len(body)
    if status == 200:
        return
    try:
        answer = json.loads(content)
    except ValueError:
        outcome["errors"][f"HTTP {status}"] += len(documents)
        return
    items = answer if batch_size > 1 and isinstance(answer, list) and len(answer) == len(documents) else [answer]
    for item in items:
        if isinstance(item, list):
            outcome["errors"].update(error.get("key", "?") for error in item[:1])
        elif not isinstance(item, dict) or "henkilö" not in item:
            outcome["errors"][f"HTTP {status}"] += 1


def copy_same_rows(study_right_ids):
    """Delete the study rights `study_right_ids` with their versions and achievements, COPY them back; time it.

    The rows go back unchanged (same ids, same values) into the same tables with their indexes
    and foreign keys, one COPY per table in one transaction, as the definition of the comparison asks.
    """
    from django.db import connection, transaction

    tables = [("registry_studyright", "id"), ("registry_studyrightversion", "study_right_id"),
              ("registry_achievement", "study_right_id")]
    files = {}
    seconds = {}
    with tempfile.TemporaryDirectory() as directory, connection.cursor() as cursor:
        raw = cursor.cursor
        cursor.execute("CREATE TEMPORARY TABLE bench_copied (id bigint PRIMARY KEY)")
        with raw.copy("COPY bench_copied (id) FROM STDIN") as copy:
            for study_right_id in study_right_ids:
                copy.write_row((study_right_id,))
        for table, column in tables:
            files[table] = Path(directory) / f"{table}.copy"
            with open(files[table], "wb") as target, raw.copy(
                f"COPY (SELECT * FROM {table} WHERE {column} IN (SELECT id FROM bench_copied)) TO STDOUT"
            ) as copy:
                for block in copy:
                    target.write(block)
        with transaction.atomic():
            for table, column in reversed(tables):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM bench_copied)")
            for table, _ in tables:
                began = time.perf_counter()
                with open(files[table], "rb") as source, raw.copy(f"COPY {table} FROM STDIN") as copy:
                    while block := source.read(1 << 20):
                        copy.write(block)
                seconds[table] = time.perf_counter() - began
            began = time.perf_counter()
        # The commit, with its deferred foreign-key checks, is part of what the ingest pays too.
        seconds["commit"] = time.perf_counter() - began
        cursor.execute("SELECT count(*) FROM registry_studyright WHERE id IN (SELECT id FROM bench_copied)")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copied")
        sizes = {table: path.stat().st_size for table, path in files.items()}
    total = sum(seconds.values())
    return {"study_rights": count, "seconds": {name: round(value, 2) for name, value in seconds.items()},
            "copy_text_mb": {table: round(size / 2**20, 1) for table, size in sizes.items()},
            "study_rights_per_s": round(count / total, 1)}


def report(results, arguments):
    rows = []
    for name in ("single", "batch"):
        if name in results:
            phase = results[name]
            rows += [(f"{name}: study rights/s", phase["study_rights_per_s"]),
                     (f"{name}: achievements/s", phase["achievements_per_s"]),
                     (f"{name}: study rights stored", phase["study_rights_stored"]),
                     (f"{name}: rejected learners", phase["rejected_learners"]),
                     (f"{name}: request latency ms", phase["request_latency_ms"]),
                     (f"{name}: mean document KB", phase["mean_document_kb"]),
                     (f"{name}: peak worker RSS MB", phase["peak_worker_rss_mb"]),
                     (f"{name}: peak server tree RSS MB", phase["peak_server_tree_rss_mb"])]
    if "copy" in results:
        rows += [("COPY of the batch rows: study rights/s", results["copy"]["study_rights_per_s"]),
                 ("batch / COPY", results["copy_ratio"])]
    print_table("HTTP ingest", rows)
    scale = results["learners_in_database_before"]
    headlines = {}
    if "single" in results:
        headlines["ingest_single_per_s"] = headline(results["single"]["study_rights_per_s"], "study rights/s", scale)
    if "batch" in results:
        batch = results["batch"]
        headlines["ingest_batch_per_s"] = headline(batch["study_rights_per_s"], "study rights/s", scale,
                                                   "" if batch["study_rights_per_s"] >= 400 else "ingest-throughput")
        headlines["ingest_copy_ratio"] = headline(results["copy_ratio"], "ratio", scale,
                                                  "" if results["copy_ratio"] >= 0.25 else "ingest-throughput")
        peak = max(results[name]["peak_worker_rss_mb"] for name in ("single", "batch") if name in results)
        headlines["ingest_worker_peak_mb"] = headline(peak, "MB", scale, "" if peak < 250 else "ingest-worker-memory")
    write_results(arguments.name, results, headlines if arguments.name == "ingest" else None)


def _command_line(arguments):
    return "python -m bench.ingest " + " ".join(f"--{key.replace('_', '-')} {value}" for key, value in vars(arguments).items())


if __name__ == "__main__":
    main()
