"""Matrix rows of the disclosure API under /api/v1/luovutus/ and of the API's OpenAPI document and Swagger UI.

Only the authority's client has an agreement (profile kela, every access mode). Every other
role is refused: anonymous callers and citizens with 401, users without an authority client with
403 `forbidden.luovutus.eiSopimusta`, and the provider system's token with 403 because it lacks
the scope `luovutus`. The matrix's data is written in a transaction that stays open, so the
change feed has nothing to list yet and a requested dataset stays queued.
"""

from registry.models import AuditAction

from .table import WRITE, Case, every_role, no_events, statuses

PREFIX = "/api/v1/luovutus/"
# A dataset id that no agreement has.
UNKNOWN_DATASET = 999999999


def disclosure(authority):
    return statuses(
        anonymous=401, citizen=401, official_a=403, official_b=403, reader_a=403, service_basic=403,
        service_token=403, authority=authority, superuser=403,
    )


def lookup_events(world, role):
    return [(AuditAction.DISCLOSURE, world.person("learner_a").oid, "")]


def disclosure_rows():
    return {
        "luovutus:lookup": [
            Case("POST", lambda world: PREFIX + "oppijat", disclosure(200), json=True,
                 data=lambda world: {"oppijat": [{"hetu": world.person("learner_a").identity_code}]},
                 events=lookup_events),
        ],
        "luovutus:change-feed": [Case("GET", lambda world: PREFIX + "muutokset", disclosure(200), events=no_events)],
        "luovutus:datasets": [
            Case("GET", lambda world: PREFIX + "aineistot", disclosure(200), events=no_events),
            Case("POST", lambda world: PREFIX + "aineistot", disclosure(202), kind=WRITE, json=True,
                 data=lambda world: {"muoto": "jsonl"}, changed_by=("authority",)),
        ],
        "luovutus:dataset": [
            Case("GET", lambda world: f"{PREFIX}aineistot/{UNKNOWN_DATASET}", disclosure(404), events=no_events),
        ],
        "luovutus:dataset-file": [
            Case("GET", lambda world: f"{PREFIX}aineistot/{UNKNOWN_DATASET}/tiedosto?linkki=x", disclosure(404),
                 events=no_events),
        ],
        "luovutus:aggregates": [
            Case("GET", lambda world: PREFIX + "tilastot?ryhmittely=tyyppi,tila", disclosure(200), events=no_events),
        ],
        # The API's description contains no one's data, so it is public.
        "api-schema": [Case("GET", lambda world: "/api/v1/schema/", every_role(200), events=no_events)],
        "api-docs": [
            Case("GET", lambda world: "/api/v1/docs/", every_role(200), events=no_events, name="page"),
            Case("GET", lambda world: "/api/v1/docs/?script=", every_role(200), events=no_events, name="script"),
        ],
    }
