"""Load code sets from the code-set service's format: `koodistot/<uri>.json` and `koodit/<uri>.json`.

A file `<uri>_<n>.json` holds version n of code set `<uri>`. Codes of every version loaded are
valid in documents, because records name codes of older versions; the newest version's names win.
Codes that a code set no longer lists are marked retired, never deleted.
"""

import re
from pathlib import Path

from django.db import transaction

from ...models import Code, CodeSet
from .common import ReferenceDataError, date_from_text, metadata_names, read_json
from .report import LoadReport, sync_rows

VERSIONED_FILE = re.compile(r"^(?P<uri>.+)_(?P<version>\d+)$")
CODE_FIELDS = ["code_set_id", "name", "short_name", "version", "retired", "within"]
CODE_SET_FIELDS = ["name", "version", "valid_from", "valid_to"]


def load_code_sets(directory, progress=None):
    """Load every code set under `directory` (the `koodisto` folder) and return a LoadReport per model."""
    directory = Path(directory)
    codes_dir = directory / "koodit"
    if not codes_dir.is_dir():
        raise ReferenceDataError(f"{codes_dir}: folder not found; expected koodisto/koodit/<code set>.json")

    files = sorted(codes_dir.glob("*.json"))
    groups = {}
    for path in files:
        match = VERSIONED_FILE.match(path.stem)
        uri, version = (match["uri"], int(match["version"])) if match and (codes_dir / f"{match['uri']}.json").exists() else (path.stem, None)
        groups.setdefault(uri, []).append((version, path))

    set_report, code_report = LoadReport("code sets"), LoadReport("codes")
    for index, (uri, versions) in enumerate(sorted(groups.items()), start=1):
        load_code_set(uri, versions, directory / "koodistot", set_report, code_report)
        if progress and (index % 20 == 0 or index == len(groups)):
            progress(f"code sets {index}/{len(groups)}")
    return [set_report, code_report]


@transaction.atomic
def load_code_set(uri, versions, descriptions_dir, set_report, code_report):
    """Load one code set from its files; the unversioned file is the newest, numbered files are older versions."""
    description_path = descriptions_dir / f"{uri}.json"
    description = read_json(description_path) if description_path.exists() else {}
    code_set = CodeSet(
        uri=uri,
        name=metadata_names(description.get("metadata")),
        version=description.get("versio") or 1,
        valid_from=date_from_text(description.get("voimassaAlkuPvm")),
        valid_to=date_from_text(description.get("voimassaLoppuPvm")),
    )
    existing_set = {row.uri: row for row in CodeSet.objects.filter(uri=uri)}
    code_set = sync_rows(CodeSet, existing_set, {uri: code_set}, CODE_SET_FIELDS, set_report)[uri]

    incoming = {}
    # Older numbered versions first, so the newest (unnumbered) file's names win.
    for _version, path in sorted(versions, key=lambda pair: (pair[0] is None, pair[0] or 0)):
        entries = read_json(path)
        if not isinstance(entries, list):
            raise ReferenceDataError(f"{path}: expected a list of codes")
        for entry in entries:
            code = code_from_entry(entry, code_set, uri, path)
            incoming[code.value] = code

    existing = {code.value: code for code in Code.objects.filter(code_set_uri=uri)}
    retired = [value for value, code in existing.items() if value not in incoming and not code.retired]
    if retired:
        Code.objects.filter(code_set_uri=uri, value__in=retired).update(retired=True)
        code_report.retired += len(retired)
    sync_rows(Code, existing, incoming, CODE_FIELDS, code_report)


def code_from_entry(entry, code_set, uri, path):
    value = entry.get("koodiArvo")
    if not isinstance(value, str) or not value:
        raise ReferenceDataError(f"{path}: a code has no koodiArvo ({entry.get('koodiUri')!r})")
    return Code(
        code_set=code_set,
        code_set_uri=uri,
        value=value,
        name=metadata_names(entry.get("metadata")),
        short_name=metadata_names(entry.get("metadata"), "lyhytNimi"),
        version=entry.get("versio") or 1,
        retired=False,
        within=sorted(
            element["codeElementUri"]
            for element in entry.get("withinCodeElements") or []
            if isinstance(element, dict) and element.get("codeElementUri")
        ),
    )
