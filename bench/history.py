"""History storage per version: `python -m bench.history --changes 1000`.

Stores new synthetic learners with a record of about 50 KB (the general upper secondary syllabus
sample, 2019 curriculum) through the ingest service, then re-sends each with one grade changed
and measures the stored size of the new version row (patch, snapshot if any, and metadata) with
PostgreSQL's pg_column_size. Then it adds a new top-level achievement (a grade year) to basic
education records and measures those version rows the same way. Prints a table and writes
bench/results/history.json and the history headline.
"""

import argparse
import copy
import statistics

from .setup import django_setup, headline, learner_count, machine, print_table, write_results

ONE_GRADE_TEMPLATE = "lukioops2019-oppimaara.json"
TOP_LEVEL_TEMPLATE = "perusopetuksenoppimaara-ysiluokkalainen.json"
# Numeric grade scales (code sets) and their ranges, for changing one grade to a neighbouring value.
NUMERIC_SCALES = {"arviointiasteikkoyleissivistava": (4, 10), "arviointiasteikkoammatillinen15": (1, 5)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000, help="One-grade changes to measure (default 1000).")
    parser.add_argument("--top-level-changes", type=int, default=200,
                        help="New top-level achievements to measure (default 200).")
    parser.add_argument("--first", type=int, default=1_300_000, help="Index of the first synthetic learner.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the population (default 1).")
    arguments = parser.parse_args()
    django_setup()
    from django.contrib.auth import get_user_model

    from registry.middleware import system_audit_scope

    from .generator import Population
    from .templates import HTTP_KINDS, build_templates

    templates = build_templates(list(HTTP_KINDS))
    population = Population.for_http(templates, seed=arguments.seed)
    writer, _ = get_user_model().objects.get_or_create(username="bench-history-writer", is_superuser=True, is_staff=True)
    results = {"command": "python -m bench.history " + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in vars(arguments).items()),
               "machine": machine(), "learners_in_database": learner_count()}
    with system_audit_scope("bench_history"):
        grade = measure(population, templates, ONE_GRADE_TEMPLATE, arguments.first, arguments.changes, writer,
                        change_one_grade)
        top_level = measure(population, templates, TOP_LEVEL_TEMPLATE, arguments.first + arguments.changes,
                            arguments.top_level_changes, writer, add_grade_year)
    results["one_grade_change"] = grade
    results["new_top_level_achievement"] = top_level
    print_table("History bytes per version", [
        ("record size, stored document KB", grade["document_kb"]),
        ("one-grade change: mean version row bytes", grade["mean_version_bytes"]),
        ("one-grade change: mean patch bytes", grade["mean_patch_bytes"]),
        ("one-grade change: versions measured", grade["versions"]),
        ("new top-level achievement: record KB", top_level["document_kb"]),
        ("new top-level achievement: mean version row bytes", top_level["mean_version_bytes"]),
        ("new top-level achievement: versions measured", top_level["versions"]),
    ])
    value = grade["mean_version_bytes"]
    write_results("history", results, {"history_bytes_per_version": headline(
        value, "bytes", results["learners_in_database"], "" if value is not None and value <= 2048 else "history-storage",
    )})


def measure(population, templates, template_name, first, count, writer, change):
    """Store `count` learners of the template, apply `change` to each stored document, and size the new versions."""
    from registry.errors import RegisterError
    from registry.models import StudyRight, VersionSource
    from registry.services.ingest import store_learner_document

    from .generator import SyntheticStudyRight, oid_of

    template = next(template for items in templates.values() for template in items
                    if template.name.startswith(template_name))
    version_ids, rejected, sizes = [], {}, []
    for index in range(first, first + count):
        learner = population.learner(index)
        study_right = SyntheticStudyRight(serial=index * 5, oid=oid_of(15, 3_000_000_000 + index * 5),
                                          source_id=f"bench-history-{population.seed}-{index}", template=template)
        learner = type(learner)(**{**learner.__dict__, "study_rights": (study_right,)})
        try:
            stored = store_learner_document(population.learner_document(learner), user=writer, source=VersionSource.API)
        except RegisterError as error:
            rejected[error.errors[0].key.key] = rejected.get(error.errors[0].key.key, 0) + 1
            continue
        row = StudyRight.objects.get(pk=stored.study_rights[0].study_right.pk)
        sizes.append(_json_bytes(row.document))
        document = change(copy.deepcopy(row.document))
        document.update({"oid": row.oid, "versionumero": row.version})
        try:
            store_learner_document({"henkilö": {"oid": stored.learner.oid}, "opiskeluoikeudet": [document]},
                                   user=writer, source=VersionSource.API)
        except RegisterError as error:
            rejected[error.errors[0].key.key] = rejected.get(error.errors[0].key.key, 0) + 1
            continue
        version_ids.append(row.versions.order_by("-version").values_list("id", flat=True).first())
    return _sizes(version_ids, sizes, rejected)


def _json_bytes(document):
    import json

    return len(json.dumps(document, ensure_ascii=False).encode())


def _sizes(version_ids, document_sizes, rejected):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(v.*), pg_column_size(v.patch), coalesce(pg_column_size(v.snapshot), 0), v.version "
            "FROM registry_studyrightversion v WHERE v.id = ANY(%s)", [version_ids],
        )
        rows = cursor.fetchall()
    changed = [row for row in rows if row[3] > 1]
    return {
        "versions": len(changed), "rejected": rejected,
        "document_kb": round(statistics.mean(document_sizes) / 1024, 1) if document_sizes else None,
        "mean_version_bytes": round(statistics.mean(row[0] for row in changed)) if changed else None,
        "max_version_bytes": max((row[0] for row in changed), default=None),
        "mean_patch_bytes": round(statistics.mean(row[1] for row in changed)) if changed else None,
        "versions_with_snapshot": sum(1 for row in changed if row[2]),
    }


def change_one_grade(document):
    """Change the last grade of the first assessed part with a numeric grade to a neighbouring value."""
    for achievement in _parts(document):
        assessments = achievement.get("arviointi") or []
        if not assessments:
            continue
        grade = assessments[-1].get("arvosana") or {}
        scale = NUMERIC_SCALES.get(grade.get("koodistoUri"))
        if scale and str(grade.get("koodiarvo", "")).isdigit():
            value = int(grade["koodiarvo"])
            grade["koodiarvo"] = str(value - 1 if value > scale[0] else value + 1)
            grade.pop("nimi", None)
            return document
    raise ValueError("the document has no numeric grade to change")


def add_grade_year(document):
    """Add a seventh grade before the first grade year of a basic education record, copied from that year."""
    years = [achievement for achievement in document["suoritukset"]
             if achievement["tyyppi"]["koodiarvo"] == "perusopetuksenvuosiluokka"]
    first = min(years, key=lambda achievement: int(achievement["koulutusmoduuli"]["tunniste"]["koodiarvo"]))
    added = copy.deepcopy(first)
    year = int(added["koulutusmoduuli"]["tunniste"]["koodiarvo"]) - 1
    added["koulutusmoduuli"]["tunniste"] = {"koodiarvo": str(year), "koodistoUri": "perusopetuksenluokkaaste"}
    added["luokka"] = f"{year}A"
    for key in ("alkamispäivä",):
        if key in added:
            added[key] = _year_earlier(added[key])
    if "vahvistus" in added:
        added["vahvistus"]["päivä"] = _year_earlier(added["vahvistus"]["päivä"])
    document["suoritukset"].append(added)
    return document


def _year_earlier(day):
    return f"{int(day[:4]) - 1}{day[4:]}"


def _parts(document):
    stack = list(reversed(document.get("suoritukset") or []))
    while stack:
        achievement = stack.pop()
        yield achievement
        stack.extend(reversed(achievement.get("osasuoritukset") or []))


if __name__ == "__main__":
    main()
