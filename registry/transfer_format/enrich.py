"""Fill a study right's code and organisation names in from the reference data, as the national service does.

A code's `nimi` and `lyhytNimi` come from its code set and an organisation's `nimi` from the
organisation data; where the reference data has no name, the name sent is kept.
"""

from .references import NAME, SHORT_NAME, code_references, organisation_references


def enrich_names(document, codes, organisations):
    """Set names in `document` in place; `codes` maps (code set URI, value) and `organisations` OIDs to rows."""
    for _path, code_set_uri, value, node in code_references(document):
        code = codes.get((code_set_uri, value))
        if code is None:
            continue
        if code.name:
            node[NAME] = dict(code.name)
        if code.short_name:
            node[SHORT_NAME] = dict(code.short_name)
    for _path, oid, node in organisation_references(document):
        organisation = organisations.get(oid)
        if organisation is not None and organisation.name:
            node[NAME] = dict(organisation.name)


def organisation_reference(organisation):
    return {"oid": organisation.oid, NAME: dict(organisation.name)}


def fill_institution(document, organisation):
    """Add the institution (`oppilaitos`) that the register inferred from a unit."""
    document.setdefault("oppilaitos", organisation_reference(organisation))


def fill_provider(document, organisation):
    """Add the education provider (`koulutustoimija`) that the register inferred from the hierarchy."""
    document.setdefault("koulutustoimija", organisation_reference(organisation))
