"""Fetch reference data from the national services' HTTP endpoints into a folder the loaders read.

Each service's responses are saved in the same layout as a directory export (`koodisto/`,
`organisaatio/`, `eperusteet/`), and then loaded by the same loaders, so a load from the
endpoints and a load from a folder report added, changed, unchanged and retired rows alike.

The paths are those of the national services:

- code sets: `{TOR_KOODISTO_URL}/rest/json/{uri}` (the code set) and `{…}/rest/json/{uri}/koodi`
  (its codes), for each code set the register already holds or the caller names;
- organisations: `{TOR_ORGANISAATIO_URL}/rest/organisaatio/v4/hierarkia/hae` with the active,
  planned and closed organisations, the whole hierarchy under the agency's root;
- descriptions: `{TOR_EPERUSTEET_URL}/api/external/perusteet?sivu=N` (pages of the list) and
  `{…}/api/external/peruste/{id}` (one whole description).
"""

import json
import logging
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

from ...models import CodeSet
from .common import ReferenceDataError

logger = logging.getLogger(__name__)

HIERARCHY_QUERY = {"aktiiviset": "true", "suunnitellut": "true", "lakkautetut": "true"}
# ePerusteet pages its list; a list longer than this many pages is treated as an endless response.
MAX_PAGES = 1000


def configured_sources():
    """Return the names of the services whose base URL is set: some of koodisto, organisaatio, eperusteet."""
    urls = {
        "koodisto": settings.TOR_KOODISTO_URL,
        "organisaatio": settings.TOR_ORGANISAATIO_URL,
        "eperusteet": settings.TOR_EPERUSTEET_URL,
    }
    return [name for name, url in urls.items() if url]


def fetch_reference_data(target, *, code_sets=None, progress=None):
    """Save the configured services' responses under `target` in the folder layout; return `target`.

    `code_sets` lists the code-set URIs to fetch; by default those the register holds. Raises
    ReferenceDataError naming the URL when a service cannot be reached or responds with anything
    but JSON, before anything is loaded.
    """
    target = Path(target)
    sources = configured_sources()
    if not sources:
        raise ReferenceDataError(
            "no endpoint is configured: set TOR_KOODISTO_URL, TOR_ORGANISAATIO_URL or TOR_EPERUSTEET_URL"
        )
    if "koodisto" in sources:
        fetch_code_sets(target / "koodisto", code_sets, progress)
    if "organisaatio" in sources:
        fetch_organisations(target / "organisaatio", progress)
    if "eperusteet" in sources:
        fetch_descriptions(target / "eperusteet", progress)
    return target


def temporary_folder():
    return tempfile.TemporaryDirectory(prefix="tor-reference-")


def fetch_code_sets(folder, uris, progress):
    base = settings.TOR_KOODISTO_URL.rstrip("/")
    uris = sorted(set(uris) if uris else set(CodeSet.objects.values_list("uri", flat=True)))
    if not uris:
        raise ReferenceDataError("no code sets to fetch: load them from a folder first, or name them with --code-set")
    for index, uri in enumerate(uris, start=1):
        quoted = urllib.parse.quote(uri, safe="")
        _save(folder / "koodistot" / f"{uri}.json", get_json(f"{base}/rest/json/{quoted}"))
        _save(folder / "koodit" / f"{uri}.json", get_json(f"{base}/rest/json/{quoted}/koodi"))
        if progress and (index % 20 == 0 or index == len(uris)):
            progress(f"code sets fetched {index}/{len(uris)}")


def fetch_organisations(folder, progress):
    base = settings.TOR_ORGANISAATIO_URL.rstrip("/")
    query = urllib.parse.urlencode(HIERARCHY_QUERY)
    document = get_json(f"{base}/rest/organisaatio/v4/hierarkia/hae?{query}")
    _save(folder / "hierarkia" / f"{settings.TOR_ROOT_ORGANISATION_OID}.json", document)
    if progress:
        progress("organisation hierarchy fetched")


def fetch_descriptions(folder, progress):
    base = settings.TOR_EPERUSTEET_URL.rstrip("/")
    ids = []
    page = 0
    while page < MAX_PAGES:
        response = get_json(f"{base}/api/external/perusteet?{urllib.parse.urlencode({'sivu': page})}")
        if not isinstance(response, dict) or not isinstance(response.get("data"), list):
            raise ReferenceDataError(f"{base}/api/external/perusteet: expected an object with the list data")
        ids.extend(str(item["id"]) for item in response["data"] if isinstance(item, dict) and item.get("id") is not None)
        page += 1
        if page >= int(response.get("sivuja") or 1):
            break
    folder.mkdir(parents=True, exist_ok=True)
    for index, description_id in enumerate(dict.fromkeys(ids), start=1):
        quoted = urllib.parse.quote(description_id, safe="")
        _save(folder / f"peruste-{description_id}.json", get_json(f"{base}/api/external/peruste/{quoted}"))
        if progress and (index % 10 == 0 or index == len(ids)):
            progress(f"qualification descriptions fetched {index}/{len(ids)}")


def get_json(url):
    """Return the decoded JSON response of a GET of `url`; raise ReferenceDataError for any failure."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "Caller-Id": "tor.register"})
    try:
        with urllib.request.urlopen(request, timeout=settings.TOR_REFERENCE_DATA_TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise ReferenceDataError(f"{url}: the service responded with HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ReferenceDataError(f"{url}: cannot reach the service ({error})") from None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReferenceDataError(f"{url}: the response is not JSON in UTF-8 ({error})") from None


def _save(path, document):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    logger.debug("reference_data_fetched file=%s", path.name)
