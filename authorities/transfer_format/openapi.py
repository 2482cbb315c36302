"""OpenAPI descriptions of the disclosure API's operations: parameters, bodies, answers with examples and error keys.

The views pass these to drf-spectacular's `extend_schema`. The examples show the format's Finnish
keys, which is why they live in this boundary package.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from registry import errors
from registry.api.schema import COMMON_ERRORS, error_responses

TAG = "luovutus"
AGREEMENT_ERRORS = (
    errors.DISCLOSURE_NO_AGREEMENT, errors.DISCLOSURE_AGREEMENT_NOT_IN_FORCE, errors.DISCLOSURE_AGREEMENT_SUSPENDED,
    errors.DISCLOSURE_AGREEMENT_ENDED, errors.DISCLOSURE_MODE_NOT_ALLOWED,
)

LEARNER_EXAMPLE = {
    "henkilö": {"oid": "1.2.246.562.24.00000000001", "hetu": "010101A900T"},
    "opiskeluoikeudet": [{
        "oid": "1.2.246.562.15.00000000001",
        "versionumero": 2,
        "tyyppi": {"koodiarvo": "ammatillinenkoulutus", "koodistoUri": "opiskeluoikeudentyyppi"},
        "alkamispäivä": "2022-08-01",
        "tila": {"opiskeluoikeusjaksot": [
            {"alku": "2022-08-01", "tila": {"koodiarvo": "lasna", "koodistoUri": "koskiopiskeluoikeudentila"}},
        ]},
    }],
}


def _body(description, example):
    return OpenApiExample(str(description), value=example, request_only=True)


def _answer(description, example):
    return OpenApiResponse(
        response=OpenApiTypes.OBJECT, description=description,
        examples=[OpenApiExample(str(description), value=example, response_only=True)],
    )


LOOKUP = {
    "operation_id": "luovutus_oppijat",
    "tags": [TAG],
    "summary": _("Look up learners by identity code or learner OID"),
    "description": _(
        "Names 1 to the agreement's limit (1000 at most) learners, each by personal identity code "
        "(hetu) or learner OID. Identity codes travel only in this POST body, never in an address. "
        "A merged learner's OID answers with the master learner. Each answer item carries the "
        "position (haku) of the request item it answers; eiLöytyneet lists the positions with no "
        "learner or nothing the agreement discloses. Every learner answered gets a row in the "
        "disclosure log and an audit event."
    ),
    "request": OpenApiTypes.OBJECT,
    "examples": [_body(_("Two learners"), {"oppijat": [{"hetu": "010101A900T"}, {"oid": "1.2.246.562.24.00000000002"}]})],
    "responses": {
        200: _answer(_("The learners found, cut to the agreement's data profile"), {"oppijat": [{"haku": 0, **LEARNER_EXAMPLE}], "eiLöytyneet": [1]}),
        **error_responses(
            errors.DISCLOSURE_LOOKUP_MALFORMED, errors.DISCLOSURE_TOO_MANY_LEARNERS, errors.INVALID_IDENTITY_CODE,
            errors.FORMAT_JSON, errors.UNSUPPORTED_MEDIA_TYPE, *AGREEMENT_ERRORS, *COMMON_ERRORS,
        ),
    },
}

CHANGE_FEED = {
    "operation_id": "luovutus_muutokset",
    "tags": [TAG],
    "summary": _("Follow the changes of study rights"),
    "description": _(
        "Returns the study-right changes after the cursor in commit order, and the changed learners "
        "as they are now. Send the answer's kursori back to get the next page: a consumer that does "
        "so never misses a committed change and never gets one twice, also while providers write "
        "concurrently. Without kursori the feed starts from the beginning. lisää tells whether more "
        "changes are waiting."
    ),
    "parameters": [
        OpenApiParameter("kursori", str, description=_("The kursori of the previous page.")),
        OpenApiParameter("maara", int, description=_("Changes per page, 1 to 1000 (default 100).")),
    ],
    "responses": {
        200: _answer(_("One page of changes"), {
            "muutokset": [{
                "opiskeluoikeusOid": "1.2.246.562.15.00000000001", "versionumero": 2,
                "aikaleima": "2026-01-15T10:20:30.123456", "oppijaOid": "1.2.246.562.24.00000000001", "mitätöity": False,
            }],
            "oppijat": [LEARNER_EXAMPLE],
            "kursori": "7650123-48211",
            "lisää": False,
        }),
        **error_responses(errors.DISCLOSURE_CURSOR_INVALID, errors.DISCLOSURE_PAGE_SIZE_INVALID, *AGREEMENT_ERRORS, *COMMON_ERRORS),
    },
}

DATASET_EXAMPLE = {
    "id": 12, "tila": "completed", "muoto": "jsonl", "pyydetty": "2026-01-15T10:00:00",
    "aloitettu": "2026-01-15T10:00:01", "valmistunut": "2026-01-15T10:04:40", "vanhenee": "2026-01-18T10:04:40",
    "edistyminen": {"oppijoitaKaikkiaan": 120000, "oppijoitaKäsitelty": 120000, "opiskeluoikeuksiaKirjoitettu": 161500},
    "tiedosto": {
        "osoite": "https://tor.example.invalid/api/v1/luovutus/aineistot/12/tiedosto?linkki=…",
        "osoiteVanhenee": "2026-01-15T10:20:00", "koko": 98765432, "sha256": "…", "oppijoita": 119800,
    },
}

DATASET_LIST = {
    "operation_id": "luovutus_aineistot_list",
    "tags": [TAG],
    "summary": _("List the agreement's bulk datasets"),
    "responses": {
        200: _answer(_("The 100 newest datasets, without download links"), [DATASET_EXAMPLE]),
        **error_responses(*AGREEMENT_ERRORS, *COMMON_ERRORS),
    },
}

DATASET_CREATE = {
    "operation_id": "luovutus_aineistot_create",
    "tags": [TAG],
    "summary": _("Request a bulk dataset of the agreement's scope"),
    "description": _(
        "Starts a background job that writes every learner the agreement discloses to one file: "
        "JSON Lines (jsonl, one learner document per line) or CSV (csv, one value per row: learner "
        "OID, study right OID, JSON path, value). The answer is 202 with the dataset's status and its "
        "address in Location; poll it for progress. Every learner in the file gets a row in the "
        "disclosure log."
    ),
    "request": OpenApiTypes.OBJECT,
    "examples": [_body(_("JSON Lines"), {"muoto": "jsonl"})],
    "responses": {
        202: _answer(_("The queued dataset"), {**DATASET_EXAMPLE, "tila": "queued"}),
        **error_responses(errors.DISCLOSURE_DATASET_FORMAT, errors.DISCLOSURE_DATASET_LIMIT, *AGREEMENT_ERRORS, *COMMON_ERRORS),
    },
}

DATASET_STATUS = {
    "operation_id": "luovutus_aineisto",
    "tags": [TAG],
    "summary": _("Read a bulk dataset's status, progress and download link"),
    "description": _(
        "The link in tiedosto.osoite works until osoiteVanhenee and only with the client's own token; "
        "read the status again for a new link. The file is deleted at vanhenee."
    ),
    "responses": {
        200: _answer(_("The dataset"), DATASET_EXAMPLE),
        **error_responses(errors.DISCLOSURE_DATASET_NOT_FOUND, *AGREEMENT_ERRORS, *COMMON_ERRORS),
    },
}

DATASET_FILE = {
    "operation_id": "luovutus_aineisto_tiedosto",
    "tags": [TAG],
    "summary": _("Download a bulk dataset's file"),
    "parameters": [OpenApiParameter("linkki", str, required=True, description=_("The signed link value from the dataset's status."))],
    "responses": {
        (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.BINARY, description=_("JSON Lines: one learner per line.")),
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_("CSV: oppijaOid, opiskeluoikeusOid, polku, arvo.")),
        **error_responses(
            errors.DISCLOSURE_DATASET_NOT_FOUND, errors.DISCLOSURE_LINK_INVALID, errors.DISCLOSURE_DATASET_NOT_READY,
            errors.DISCLOSURE_DATASET_EXPIRED, *AGREEMENT_ERRORS, *COMMON_ERRORS,
        ),
    },
}

AGGREGATES = {
    "operation_id": "luovutus_tilastot",
    "tags": [TAG],
    "summary": _("Count study rights or qualifications, small cells suppressed"),
    "description": _(
        "Counts study rights (aihe=opiskeluoikeudet: by tyyppi, tila, oppilaitos, koulutustoimija, "
        "vuosi of the start) or verified qualifications (aihe=tutkinnot: by tyyppi, tutkinto, "
        "oppilaitos, koulutustoimija, vuosi of the verification) of the agreement's education types, "
        "grouped by one to three dimensions. Counts below pieninJulkaistavaMäärä, and the cells that "
        "would reveal them, are returned as salattu without a count."
    ),
    "parameters": [
        OpenApiParameter("aihe", str, enum=["opiskeluoikeudet", "tutkinnot"], description=_("What to count.")),
        OpenApiParameter("ryhmittely", str, description=_("Comma-separated dimensions, such as tyyppi,oppilaitos.")),
        OpenApiParameter("vuosiAlkaen", int, description=_("First year counted.")),
        OpenApiParameter("vuosiAsti", int, description=_("Last year counted.")),
    ],
    "responses": {
        200: _answer(_("The counts"), {
            "aihe": "opiskeluoikeudet", "ryhmittely": ["tyyppi", "tila"], "pieninJulkaistavaMäärä": 5,
            "solut": [
                {"tyyppi": "ammatillinenkoulutus", "tila": "lasna", "määrä": 1240},
                {"tyyppi": "ammatillinenkoulutus", "tila": "loma", "määrä": None, "salattu": True},
            ],
        }),
        **error_responses(errors.DISCLOSURE_AGGREGATE_INVALID, *AGREEMENT_ERRORS, *COMMON_ERRORS),
    },
}
