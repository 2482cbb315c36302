"""Read the bodies and query parameters of the disclosure API into plain data.

A lookup body is `{"oppijat": [{"hetu": "…"}, {"oid": "1.2.246.562.24.…"}, …]}`: each item names
one learner by personal identity code or by learner OID. Identity codes travel only in POST
bodies, never in addresses. A dataset request is `{"muoto": "jsonl" | "csv"}`.
"""

import json
from dataclasses import dataclass

from django.utils.translation import gettext

from registry import errors
from registry.errors import RegisterError
from registry.identity_codes import InvalidIdentityCode, redact
from registry.identity_codes import validate as validate_identity_code
from registry.oids import is_learner_oid

LOOKUP_ITEMS = "oppijat"
IDENTITY_CODE = "hetu"
LEARNER_OID = "oid"
FORMAT = "muoto"
# Query parameters.
CURSOR = "kursori"
PAGE_SIZE = "maara"
SUBJECT = "aihe"
GROUPING = "ryhmittely"
YEAR_FROM = "vuosiAlkaen"
YEAR_TO = "vuosiAsti"


@dataclass(frozen=True)
class LookupKey:
    """One learner a lookup names: `kind` is "identity_code" or "oid", `position` its index in the request."""

    position: int
    kind: str
    value: str


def read_lookup(body, limit):
    """Return the LookupKeys of a parsed lookup body; raise RegisterError for a malformed body or over `limit` items."""
    items = body.get(LOOKUP_ITEMS) if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise RegisterError(errors.DISCLOSURE_LOOKUP_MALFORMED(
            path=LOOKUP_ITEMS, problem=gettext("send a non-empty list of learners"),
        ))
    if len(items) > limit:
        raise RegisterError(errors.DISCLOSURE_TOO_MANY_LEARNERS(value=len(items), limit=limit))

    keys, problems = [], []
    for position, item in enumerate(items):
        path = f"{LOOKUP_ITEMS}[{position}]"
        if not isinstance(item, dict) or len(item) != 1 or not set(item) <= {IDENTITY_CODE, LEARNER_OID}:
            problems.append(errors.DISCLOSURE_LOOKUP_MALFORMED(
                path=path, problem=gettext("give exactly one of hetu and oid"),
            ))
            continue
        if IDENTITY_CODE in item:
            try:
                code = validate_identity_code(item[IDENTITY_CODE])
            except InvalidIdentityCode as error:
                problems.append(errors.INVALID_IDENTITY_CODE(path=f"{path}.{IDENTITY_CODE}", reason=str(error)))
                continue
            keys.append(LookupKey(position, "identity_code", code))
        else:
            oid = item[LEARNER_OID]
            if not isinstance(oid, str) or not is_learner_oid(oid):
                problems.append(errors.DISCLOSURE_LOOKUP_MALFORMED(
                    path=f"{path}.{LEARNER_OID}", problem=gettext("not a learner OID such as 1.2.246.562.24.00000000001"),
                ))
                continue
            keys.append(LookupKey(position, "oid", oid))
    if problems:
        raise RegisterError(problems)
    return keys


def read_dataset_request(body, formats):
    """Return the file format a dataset request asks for; raise RegisterError for any other body."""
    if not isinstance(body, dict) or set(body) - {FORMAT}:
        raise RegisterError(errors.DISCLOSURE_DATASET_FORMAT(value=_describe(body), allowed=", ".join(formats)))
    value = body.get(FORMAT, formats[0])
    if value not in formats:
        raise RegisterError(errors.DISCLOSURE_DATASET_FORMAT(value=_describe(value), allowed=", ".join(formats)))
    return value


def _describe(value):
    """Return a short text of a rejected value for a message, with anything like an identity code masked."""
    text = redact(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:37] + "..."


# Subjects and dimensions of aggregate statistics: the API's names and the register's.
SUBJECT_NAMES = {"study_rights": "opiskeluoikeudet", "qualifications": "tutkinnot"}
DIMENSION_NAMES = {
    "type": "tyyppi",
    "state": "tila",
    "qualification": "tutkinto",
    "institution": "oppilaitos",
    "provider": "koulutustoimija",
    "year": "vuosi",
}


@dataclass(frozen=True)
class AggregateRequest:
    subject: str
    dimensions: tuple
    years: tuple | None


def read_aggregate_request(query, available_dimensions, max_dimensions):
    """Return the AggregateRequest of the query parameters; raise RegisterError naming the parameter at fault.

    `available_dimensions` maps each subject (English name) to its dimensions (English names).
    """
    subjects = {finnish: english for english, finnish in SUBJECT_NAMES.items()}
    subject = subjects.get(query.get(SUBJECT, "opiskeluoikeudet"))
    if subject is None:
        raise RegisterError(errors.DISCLOSURE_AGGREGATE_INVALID(
            path=SUBJECT, problem=gettext("use one of: %(allowed)s") % {"allowed": ", ".join(SUBJECT_NAMES.values())},
        ))

    dimensions_by_name = {DIMENSION_NAMES[name]: name for name in available_dimensions[subject]}
    requested = [part.strip() for part in query.get(GROUPING, "tyyppi").split(",") if part.strip()]
    unknown = [name for name in requested if name not in dimensions_by_name]
    if not requested or unknown or len(set(requested)) != len(requested) or len(requested) > max_dimensions:
        raise RegisterError(errors.DISCLOSURE_AGGREGATE_INVALID(
            path=GROUPING,
            problem=gettext("name 1 to %(most)s different dimensions of: %(allowed)s") % {
                "most": max_dimensions, "allowed": ", ".join(dimensions_by_name),
            },
        ))

    years = None
    if YEAR_FROM in query or YEAR_TO in query:
        first, last = query.get(YEAR_FROM, "1900"), query.get(YEAR_TO, "2999")
        if not (first.isdigit() and last.isdigit() and len(first) == 4 and len(last) == 4 and first <= last):
            raise RegisterError(errors.DISCLOSURE_AGGREGATE_INVALID(
                path=f"{YEAR_FROM}, {YEAR_TO}", problem=gettext("give years as YYYY, the first not after the last"),
            ))
        years = (int(first), int(last))
    return AggregateRequest(subject=subject, dimensions=tuple(dimensions_by_name[name] for name in requested), years=years)


def read_page_size(query, default, limit):
    """Return the change feed's page size from `maara`; raise RegisterError when it is not 1 to `limit`."""
    text = query.get(PAGE_SIZE)
    if text is None:
        return default
    if not text.isdigit() or not 1 <= int(text) <= limit:
        raise RegisterError(errors.DISCLOSURE_PAGE_SIZE_INVALID(value=text[:20], limit=limit))
    return int(text)
