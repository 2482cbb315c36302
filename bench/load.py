"""Load a synthetic population with COPY: `python -m bench.load --learners 1000000 --seed 1 --workers 2`.

Learners `--first` .. `--first` + `--learners` are written; run again with another `--first` to
grow a database. Prints a table and writes bench/results/load-<learners>.json.
"""

import argparse
import multiprocessing
import time

from .setup import django_setup, learner_count, machine, print_table, write_results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000, help="Number of learners to write.")
    parser.add_argument("--first", type=int, default=0, help="Index of the first learner (default 0).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the population (default 1).")
    parser.add_argument("--workers", type=int, default=2, help="Loader processes, each with its own connection.")
    parser.add_argument("--chunk", type=int, default=1000, help="Learners per transaction (default 1000).")
    parser.add_argument("--max-document-kb", type=int, default=0,
                        help="Leave out templates whose stored document is larger, in KiB (default 0: keep all).")
    parser.add_argument("--check-constraints", action="store_true",
                        help="Keep the foreign-key triggers on (slower); by default a superuser session skips them.")
    arguments = parser.parse_args()
    django_setup()
    from django.db import connection

    from .templates import build_templates

    templates = build_templates()
    if arguments.max_document_kb:
        templates = {kind: [template for template in items if template.stored_bytes <= arguments.max_document_kb * 1024]
                     for kind, items in templates.items()}
    connection.close()
    stop = arguments.first + arguments.learners
    step = -(-arguments.learners // arguments.workers)
    ranges = [(start, min(stop, start + step)) for start in range(arguments.first, stop, step)]
    began = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with context.Pool(len(ranges), initializer=_remember, initargs=(templates, arguments)) as pool:
        reports = pool.starmap(_load_range, ranges)
    seconds = time.perf_counter() - began
    vacuum_seconds = _vacuum()

    from .loader import LoadReport

    total = LoadReport()
    for report in reports:
        total.add(report)
    results = {
        "command": "python -m bench.load " + " ".join(f"--{key.replace('_', '-')} {value}" for key, value in vars(arguments).items()),
        "machine": machine(), "seconds": round(seconds, 1), "learners_written": total.learners,
        "study_rights_written": total.study_rights, "achievements_written": total.achievements,
        "learners_in_database": learner_count(), "document_mb": round(total.document_bytes / 2**20, 1),
        "worker_seconds": {name: round(value, 1) for name, value in total.seconds.items()},
        "study_rights_per_s": round(total.study_rights / seconds, 1),
        "vacuum_analyze_seconds": round(vacuum_seconds, 1),
    }
    print_table(f"COPY load of {total.learners} learners", [(key, value) for key, value in results.items() if key != "machine"])
    write_results(f"load-{arguments.learners}", results)


_state = {}


def _vacuum():
    """Run VACUUM (ANALYZE) on the database, as autovacuum would after a bulk load; return the seconds it took.

    Without it the first benchmarks would meet no planner statistics and no visibility map, so
    index-only scans would read the table, and autovacuum would start in the middle of them.
    """
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()
    return time.perf_counter() - began


def _remember(templates, arguments):
    _state["templates"] = templates
    _state["arguments"] = arguments


def _load_range(start, stop):
    from django.db import connection

    from .generator import Population
    from .loader import load

    connection.close()
    arguments = _state["arguments"]
    population = Population(_state["templates"], seed=arguments.seed)

    def progress(done, report):
        if (done - start) % (arguments.chunk * 20) == 0 or done == stop:
            print(f"  ... learners {start}..{done} of {start}..{stop}: {report.study_rights} study rights", flush=True)

    return load(population, start, stop, chunk_size=arguments.chunk, check_constraints=arguments.check_constraints,
                progress=progress)


if __name__ == "__main__":
    main()
