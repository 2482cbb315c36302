"""Load the organisation hierarchy from the organisation service's format: `hierarkia/<root OID>.json`.

The file `{"organisaatiot": [...]}` lists the children of its root, each with its `children`.
The root itself (the agency's own OID) is not a node of the file and is created here. An
organisation that the hierarchy lists as closed, or no longer lists, counts as retired.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from ...models import Organisation, OrganisationKind
from ...models.organisation import ORGANISATION_TYPE_KINDS
from .common import ReferenceDataError, code_value, date_from_millis, names, read_json
from .report import LoadReport, sync_rows

FIELDS = [
    "name", "kind", "type_codes", "institution_number", "institution_type", "unit_code", "business_id",
    "municipality_code", "languages", "parent_id", "path", "valid_from", "valid_to", "active",
]
ROOT_NAMES = {
    "fi": "Opetushallitus",
    "sv": "Utbildningsstyrelsen",
    "en": "Finnish National Agency for Education",
}


def load_organisations(directory, progress=None):
    """Load every hierarchy file under `directory` (the `organisaatio` folder); return a LoadReport."""
    directory = Path(directory)
    files = sorted((directory / "hierarkia").glob("*.json"))
    if not files:
        raise ReferenceDataError(f"{directory / 'hierarkia'}: no hierarchy files (<root OID>.json) found")

    report = LoadReport("organisations")
    for path in files:
        document = read_json(path)
        nodes = document.get("organisaatiot") if isinstance(document, dict) else None
        if not isinstance(nodes, list):
            raise ReferenceDataError(f"{path}: expected an object with the list organisaatiot")
        load_hierarchy(path.stem, nodes, report)
        if progress:
            progress(f"organisations from {path.name}")
    return [report]


@transaction.atomic
def load_hierarchy(root_oid, nodes, report):
    """Load one root and the trees below it, parents before children so each row can point to its parent."""
    root_names = ROOT_NAMES if root_oid == settings.TOR_ROOT_ORGANISATION_OID else {}
    rows = {root_oid: Organisation(oid=root_oid, name=root_names, kind=OrganisationKind.OTHER, path=f"{root_oid}/")}
    parents = {root_oid: None}

    stack = [(node, root_oid) for node in reversed(nodes)]
    while stack:
        node, parent_oid = stack.pop()
        organisation = organisation_from_node(node, rows[parent_oid])
        rows[organisation.oid] = organisation
        parents[organisation.oid] = parent_oid
        stack.extend((child, organisation.oid) for child in reversed(node.get("children") or []))

    existing = {row.oid: row for row in Organisation.objects.filter(oid__in=list(rows))}
    active_before = set(
        Organisation.objects.filter(path__startswith=f"{root_oid}/", active=True).values_list("oid", flat=True)
    )
    # Rows are synced level by level: a child's parent must be saved before the child refers to it.
    by_depth = {}
    for oid, row in rows.items():
        by_depth.setdefault(row.path.count("/"), {})[oid] = row
    saved = {}
    for depth in sorted(by_depth):
        level = by_depth[depth]
        for oid, row in level.items():
            parent_oid = parents[oid]
            row.parent_id = saved[parent_oid].pk if parent_oid else None
        saved.update(sync_rows(Organisation, existing, level, FIELDS, report))
    retire_missing(active_before, rows, report)


def retire_missing(active_before, rows, report):
    """Close the organisations the hierarchy no longer lists, and count them with those it lists as closed.

    Rows are never deleted, because study rights name them; a closed organisation stays readable.
    """
    missing = active_before - rows.keys()
    if missing:
        Organisation.objects.filter(oid__in=missing).update(active=False)
    closed = [oid for oid in active_before & rows.keys() if not rows[oid].active]
    report.retired += len(missing) + len(closed)


def organisation_from_node(node, parent):
    oid = node.get("oid")
    if not isinstance(oid, str) or not oid:
        raise ReferenceDataError(f"an organisation under {parent.oid} has no oid")
    type_codes = list(node.get("organisaatiotyypit") or node.get("tyypit") or [])
    kind = next(
        (ORGANISATION_TYPE_KINDS[code] for code in ORGANISATION_TYPE_KINDS if code in type_codes),
        OrganisationKind.OTHER,
    )
    return Organisation(
        oid=oid,
        name=names(node.get("nimi")),
        kind=kind,
        type_codes=type_codes,
        institution_number=node.get("oppilaitosKoodi") or "",
        institution_type=code_value(node.get("oppilaitostyyppi")),
        unit_code=node.get("toimipistekoodi") or "",
        business_id=node.get("ytunnus") or "",
        municipality_code=code_value(node.get("kotipaikkaUri")),
        languages=[code_value(uri) for uri in node.get("kieletUris") or []],
        path=f"{parent.path}{oid}/",
        valid_from=date_from_millis(node.get("alkuPvm")),
        valid_to=date_from_millis(node.get("lakkautusPvm")),
        active=node.get("status", "AKTIIVINEN") == "AKTIIVINEN",
    )
