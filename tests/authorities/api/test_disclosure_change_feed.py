"""The disclosure API's change feed: study-right changes after a cursor, pages that neither skip nor repeat.

The feed lists only versions of transactions that have ended, so the tests that read changes
commit their writes (a transactional test) instead of running inside one rolled-back transaction.
Each transactional test reloads the reference data, so the reading checks share one test.
"""

import pytest

from authorities.models import AccessMode, Disclosure
from tests.authorities.disclosure import FEED_URL, DisclosureClient, change_end_date, error_keys, make_agreement, store_sample


def follow(caller, cursor="", size=2):
    """Read every page from `cursor`; return the changes in order and the last cursor."""
    changes = []
    while True:
        response = caller.get(FEED_URL, {"kursori": cursor, "maara": size})
        assert response.status_code == 200, response.content
        body = response.json()
        changes.extend((item["opiskeluoikeusOid"], item["versionumero"]) for item in body["muutokset"])
        cursor = body["kursori"]
        if not body["lisää"]:
            return changes, cursor


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_feed_follows_changes_in_agreement_scope():
    upper_secondary = store_sample("lukio-paattotodistus.json")
    vocational = store_sample("ammatillinen-perustutkinto.json")
    pre_primary = store_sample("esiopetusvalmis.json")
    every_type = DisclosureClient(make_agreement("kela"))
    vocational_only = DisclosureClient(make_agreement("kela", education_types=["ammatillinenkoulutus"]))

    changes, cursor = follow(every_type)
    vocational_changes, _cursor = follow(vocational_only)
    change_end_date(vocational, "2031-05-31")
    new_changes, _cursor = follow(every_type, cursor)
    page = every_type.get(FEED_URL, {"kursori": cursor}).json()

    expected = {(item.study_rights[0].study_right.oid, 1) for item in (upper_secondary, vocational, pre_primary)}
    assert set(changes) == expected
    assert len(changes) == len(expected)
    assert vocational_changes == [(vocational.study_rights[0].study_right.oid, 1)]
    assert new_changes == [(vocational.study_rights[0].study_right.oid, 2)]
    assert [item["henkilö"]["oid"] for item in page["oppijat"]] == [vocational.learner.oid]
    assert page["muutokset"][0]["oppijaOid"] == vocational.learner.oid
    last = Disclosure.objects.order_by("-pk").first()
    assert last.mode == AccessMode.CHANGE_FEED
    assert list(last.entries.values_list("learner__oid", flat=True)) == [vocational.learner.oid]


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "key"), [
    ({"kursori": "abc"}, "badRequest.luovutus.virheellinenKursori"),
    ({"kursori": "1-2-3"}, "badRequest.luovutus.virheellinenKursori"),
    ({"maara": "0"}, "badRequest.luovutus.virheellinenMäärä"),
    ({"maara": "1001"}, "badRequest.luovutus.virheellinenMäärä"),
    ({"maara": "x"}, "badRequest.luovutus.virheellinenMäärä"),
])
def test_invalid_feed_parameters_are_rejected(params, key):
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.get(FEED_URL, params)

    assert response.status_code == 400
    assert error_keys(response) == [key]
