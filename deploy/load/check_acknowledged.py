"""After a load run: every write the register acknowledged is stored, at the acknowledged version or later.

Usage: DATABASE_URL=… python deploy/load/check_acknowledged.py ACKNOWLEDGED.json

Together with `manage.py verify_history` (every document equals its rebuilt latest version) this
proves that no acknowledged record was lost or half-stored. Exits with status 1 naming the
study rights that are missing or older than acknowledged.
"""

import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent


def main(path):
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tor.settings")
    import django

    django.setup()
    from django.db.models import Count

    from registry.models import StudyRight, StudyRightVersion

    acknowledged = json.loads(Path(path).read_text())
    stored = dict(StudyRight.objects.filter(oid__in=acknowledged).values_list("oid", "version"))
    versions = dict(
        StudyRightVersion.objects.filter(study_right__oid__in=acknowledged)
        .values_list("study_right__oid").annotate(count=Count("id"))
    )
    problems = []
    for oid, version in sorted(acknowledged.items()):
        if oid not in stored:
            problems.append(f"{oid}: acknowledged version {version}, not stored")
        elif stored[oid] < version:
            problems.append(f"{oid}: acknowledged version {version}, stored version {stored[oid]}")
        elif versions.get(oid, 0) != stored[oid]:
            problems.append(f"{oid}: stored version {stored[oid]}, {versions.get(oid, 0)} version rows")
    for problem in problems[:100]:
        print(problem, file=sys.stderr)
    total_versions = sum(acknowledged.values())
    if problems:
        sys.exit(f"{len(problems)} of {len(acknowledged)} acknowledged study rights are missing or behind.")
    print(f"{len(acknowledged)} acknowledged study rights stored, up to {total_versions} acknowledged versions in all; none lost.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Usage: python deploy/load/check_acknowledged.py ACKNOWLEDGED.json")
    main(sys.argv[1])
