"""Aggregate statistics of the disclosure API: counts by dimension with small cells suppressed."""

import pytest

from authorities.selectors.aggregates import suppress
from tests.authorities.disclosure import AGGREGATES_URL, DisclosureClient, error_keys, make_agreement, store_sample

pytestmark = pytest.mark.django_db


def test_counts_below_threshold_are_suppressed(settings):
    settings.TOR_AGGREGATE_MIN_CELL = 3
    for _ in range(3):
        store_sample("ammatillinen-perustutkinto.json")
    store_sample("ammatillinen-uusi.json")
    caller = DisclosureClient(make_agreement("amke"))

    whole = caller.get(AGGREGATES_URL, {"ryhmittely": "tyyppi"}).json()
    by_year = caller.get(AGGREGATES_URL, {"ryhmittely": "vuosi"}).json()

    assert whole["pieninJulkaistavaMäärä"] == 3
    assert whole["solut"] == [{"tyyppi": "ammatillinenkoulutus", "määrä": 4}]
    assert len(by_year["solut"]) == 2
    assert all(cell.get("salattu") and cell["määrä"] is None for cell in by_year["solut"])


def test_single_small_cell_gets_complementary_suppression():
    cells = {("a", "x"): 10, ("a", "y"): 2, ("b", "x"): 7, ("b", "y"): 9}

    result = {cell.values: cell.count for cell in suppress(cells, threshold=5)}

    assert result[("a", "y")] is None
    hidden = [values for values, count in result.items() if count is None]
    assert len(hidden) >= 2
    for dimension in (0, 1):
        lines = {}
        for values in cells:
            lines.setdefault(values[:dimension] + values[dimension + 1:], []).append(values)
        for members in lines.values():
            assert sum(1 for values in members if result[values] is None) != 1, members


def test_aggregates_count_only_agreement_types(settings):
    settings.TOR_AGGREGATE_MIN_CELL = 2
    store_sample("lukio-paattotodistus.json")
    store_sample("lukio-paattotodistus.json")
    caller = DisclosureClient(make_agreement("amke"))

    body = caller.get(AGGREGATES_URL, {"ryhmittely": "tyyppi"}).json()

    assert body["solut"] == []


def test_qualification_counts_group_by_code(settings):
    settings.TOR_AGGREGATE_MIN_CELL = 2
    store_sample("ammatillinen-perustutkinto.json")
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("amke"))

    body = caller.get(AGGREGATES_URL, {"aihe": "tutkinnot", "ryhmittely": "tutkinto,vuosi"}).json()

    assert body["aihe"] == "tutkinnot"
    assert {"tutkinto": "361902", "vuosi": 2016, "määrä": 2} in body["solut"]


@pytest.mark.parametrize("params", [
    {"aihe": "oppijat"}, {"ryhmittely": "hetu"}, {"ryhmittely": "tyyppi,tyyppi"},
    {"ryhmittely": "tyyppi,tila,oppilaitos,vuosi"}, {"vuosiAlkaen": "20x0"}, {"vuosiAlkaen": "2020", "vuosiAsti": "2019"},
])
def test_invalid_aggregate_query_is_rejected(params):
    caller = DisclosureClient(make_agreement("amke"))

    response = caller.get(AGGREGATES_URL, params)

    assert response.status_code == 400
    assert error_keys(response) == ["badRequest.luovutus.virheellinenTilasto"]
