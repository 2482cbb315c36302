"""Profile the batch ingest in one process with pyinstrument: `python -m bench.profile_ingest --learners 200`.

Sends synthetic learners through the same service as PUT /api/v1/oppija/batch
(`registry.services.transfers.receive_batch`), as a provider client with the sensitive-data
right, and prints pyinstrument's call tree. Nothing is rolled back: the learners stay in the database.
"""

import argparse
import json
import time

from .setup import django_setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="Learners to store (default 200).")
    parser.add_argument("--first", type=int, default=1_400_000, help="Index of the first synthetic learner.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the population (default 1).")
    parser.add_argument("--batch-size", type=int, default=25, help="Learners per batch (default 25).")
    parser.add_argument("--html", help="Also write pyinstrument's HTML report to this file.")
    arguments = parser.parse_args()
    django_setup()
    from pyinstrument import Profiler

    from registry.middleware import system_audit_scope
    from registry.services import transfers

    from .generator import Population
    from .ingest import client_key, create_provider_clients
    from .templates import HTTP_KINDS, build_templates

    population = Population.for_http(build_templates(list(HTTP_KINDS)), seed=arguments.seed)
    users = {key: credentials.client.user for key, credentials in create_provider_clients(population).items()}
    bodies = []
    pending = {}
    for learner in population.learners(arguments.first, arguments.first + arguments.learners):
        key = client_key(learner.study_rights[0])
        pending.setdefault(key, []).append(population.learner_document(learner))
        if len(pending[key]) == arguments.batch_size:
            bodies.append((key, pending.pop(key)))
    bodies += list(pending.items())

    profiler = Profiler(interval=0.002)
    began = time.perf_counter()
    with profiler, system_audit_scope("bench_profile_ingest"):
        for key, documents in bodies:
            transfers.receive_batch(json.dumps(documents, ensure_ascii=False).encode(), user=users[key])
    seconds = time.perf_counter() - began
    print(f"{arguments.learners} learners in {seconds:.1f} s: {arguments.learners / seconds:.1f} learners/s")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if arguments.html:
        with open(arguments.html, "w", encoding="utf-8") as target:
            target.write(profiler.output_html())


if __name__ == "__main__":
    main()
