"""Bulk dataset build: `python -m bench.bulk --profile tilastokeskus --format jsonl`.

Requests a bulk dataset of the whole register for an authority agreement (the statistics
profile, every education type) through `authorities.services.datasets.request_dataset`, and
builds it with the register's own job (`build_dataset`) in a child process, as a Celery worker
would, while the parent samples the child's resident memory every 0.2 s. With --max-seconds the
child is stopped after that time and the figures come from the dataset's progress counters,
which the job commits after every chunk of learners. Prints a table and writes
bench/results/bulk.json and the bulk headlines.
"""

import argparse
import multiprocessing
import os
import time

from .setup import django_setup, headline, learner_count, machine, print_table, process_tree_rss_mb, write_results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="tilastokeskus", help="Agreement profile of the fixtures (default tilastokeskus).")
    parser.add_argument("--format", default="jsonl", choices=["jsonl", "csv"], help="File format (default jsonl).")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="Stop the build after this many seconds and report its progress (default 0: run to the end).")
    arguments = parser.parse_args()
    django_setup()
    from django.db import connection

    from authorities.models import AgreementStatus, ApiClientKind, Dataset
    from authorities.selectors.access import AgreementAccess
    from authorities.services.agreement_fixtures import load_authority_agreements
    from authorities.services.api_clients import create_api_client
    from authorities.transfer_format.profiles import PROFILES

    agreement = next(agreement for agreement in load_authority_agreements(status=AgreementStatus.ACTIVE).agreements
                     if agreement.profile == arguments.profile)
    agreement.datasets_per_day = max(agreement.datasets_per_day, 1000)
    agreement.save(update_fields=["datasets_per_day"])
    credentials = create_api_client(name="bench bulk", kind=ApiClientKind.AUTHORITY, agreement=agreement, scopes=["luovutus"])
    access = AgreementAccess(agreement=agreement, client=credentials.client, profile=PROFILES[agreement.profile])
    scale = learner_count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_studyright WHERE type = ANY(%s) AND NOT invalidated",
                       [list(access.education_types)])
        in_scope = cursor.fetchone()[0]
    dataset = Dataset.objects.create(agreement=agreement, client=credentials.client, format=arguments.format)
    connection.close()

    context = multiprocessing.get_context("fork")
    child = context.Process(target=_build, args=(dataset.pk,))
    began = time.perf_counter()
    child.start()
    peak_mb, stopped = 0.0, False
    while child.is_alive():
        peak_mb = max(peak_mb, process_tree_rss_mb(child.pid))
        if arguments.max_seconds and time.perf_counter() - began > arguments.max_seconds:
            child.terminate()
            stopped = True
            break
        time.sleep(0.2)
    child.join()
    seconds = time.perf_counter() - began
    dataset.refresh_from_db()
    results = {
        "command": f"python -m bench.bulk --profile {arguments.profile} --format {arguments.format} --max-seconds {arguments.max_seconds}",
        "machine": machine(), "learners_in_database": scale, "study_rights_in_scope": in_scope,
        "dataset_id": dataset.pk, "status": dataset.status, "stopped_after_max_seconds": stopped,
        "seconds": round(seconds, 1), "learners_done": dataset.learners_done,
        "learners_total": dataset.learners_total, "study_rights_done": dataset.study_rights_done,
        "study_rights_per_s": round(dataset.study_rights_done / seconds, 1), "peak_rss_mb": round(peak_mb, 1),
        "file_bytes": dataset.file_size,
    }
    print_table("Bulk dataset", [(key, value) for key, value in results.items() if key != "machine"])
    limit_rate = "" if results["study_rights_per_s"] >= 10_000 else "bulk-dataset"
    write_results("bulk", results, {
        "bulk_per_s": headline(results["study_rights_per_s"], "study rights/s", scale, limit_rate),
        "bulk_peak_mb": headline(results["peak_rss_mb"], "MB", scale, "" if peak_mb < 300 else "bulk-dataset"),
    })


def _build(dataset_id):
    from django.db import connection

    from authorities.services.datasets import build_dataset
    from registry.middleware import system_audit_scope

    connection.close()
    os.environ.setdefault("TOR_LOG_LEVEL", "WARNING")
    with system_audit_scope("bench_bulk"):
        build_dataset(dataset_id)


if __name__ == "__main__":
    main()
