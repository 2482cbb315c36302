"""Merging duplicate learners in the admin and undoing a merge; the merged OID resolves to the master everywhere."""

import pytest
from django.urls import reverse

from registry.citizen.session import SESSION_KEY
from registry.models import AuditAction, AuditEvent, Learner, LearnerMerge, StudyRight
from registry.selectors.study_rights import learner_by_identity_code, learner_by_oid
from tests import documents
from tests.factories import synthetic_identity_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def stored_learner(writer, source_id):
    code = synthetic_identity_code()
    response = writer.put("/api/v1/oppija", documents.vocational(identity_code=code, source_id=source_id))
    assert response.status_code == 200, response.content.decode()
    return Learner.objects.get(oid=response.json()["henkilö"]["oid"]), code


@pytest.fixture
def pair(writer):
    """(duplicate, its identity code, master), each with one study right."""
    duplicate, code = stored_learner(writer, "merge-duplicate")
    master, _code = stored_learner(writer, "merge-master")
    return duplicate, code, master


def merge(client, duplicate, master, reason="same person"):
    return client.post(reverse("admin:registry_learner_merge", args=[duplicate.pk]), {"master_oid": master.oid, "reason": reason})


def learner_oids_of(writer, oid):
    body = writer.get(f"/api/v1/oppija/{oid}").json()
    return body["henkilö"]["oid"], sorted(study_right["oid"] for study_right in body["opiskeluoikeudet"])


def test_merged_oid_reads_master(as_superuser, writer, pair):
    duplicate, _code, master = pair

    response = merge(as_superuser, duplicate, master)

    assert response.status_code == 302
    everything = sorted(StudyRight.objects.values_list("oid", flat=True))
    assert learner_oids_of(writer, duplicate.oid) == (master.oid, everything)
    assert learner_oids_of(writer, master.oid) == (master.oid, everything)


def test_merged_oid_write_goes_to_master(as_superuser, writer, pair):
    duplicate, _code, master = pair
    merge(as_superuser, duplicate, master)
    document = documents.vocational(source_id="after-merge")
    document["henkilö"] = {"oid": duplicate.oid}

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()
    assert response.json()["henkilö"]["oid"] == master.oid
    assert StudyRight.objects.get(source_id="after-merge").learner == master


def test_merged_identity_code_finds_the_master(as_superuser, writer, pair):
    duplicate, code, master = pair
    merge(as_superuser, duplicate, master)

    found = as_superuser.post(reverse("admin:registry_learner_identity_code_search"), {"identity_code": code})
    written = writer.put("/api/v1/oppija", documents.vocational(identity_code=code, source_id="by-code"))

    assert found["Location"] == reverse("admin:registry_learner_change", args=[master.pk])
    assert written.json()["henkilö"]["oid"] == master.oid
    # Citizen login and the disclosure API find learners through these selectors.
    assert learner_by_identity_code(code) == learner_by_oid(duplicate.oid) == master


def test_merged_oid_lookup_finds_master(as_superuser, pair):
    from authorities.selectors.disclosure import learners_for_lookup
    from authorities.transfer_format.requests import LookupKey

    duplicate, code, master = pair
    merge(as_superuser, duplicate, master)

    found = learners_for_lookup([LookupKey(0, "oid", duplicate.oid), LookupKey(1, "identity_code", code)])

    assert found == {0: master, 1: master}


def test_merge_is_audited(as_superuser, admin_user, pair):
    duplicate, _code, master = pair

    merge(as_superuser, duplicate, master)

    events = AuditEvent.objects.filter(action=AuditAction.LEARNER_WRITE, actor_id=str(admin_user.pk)).exclude(
        details__change="created",
    )
    assert {(event.learner_oid, event.details["change"]) for event in events} == {
        (duplicate.oid, "merged"), (master.oid, "merge_received"),
    }


def test_wrong_merge_is_undone(as_superuser, writer, pair):
    duplicate, _code, master = pair
    merge(as_superuser, duplicate, master)
    learner_merge = LearnerMerge.objects.get()

    page = as_superuser.get(reverse("admin:registry_learnermerge_change", args=[learner_merge.pk]))
    response = as_superuser.post(reverse("admin:registry_learnermerge_undo", args=[learner_merge.pk]), {"reason": "twins"})

    assert page.status_code == 200
    assert response.status_code == 302
    learner_merge.refresh_from_db()
    assert learner_merge.undone_at is not None and learner_merge.undo_reason == "twins"
    assert Learner.objects.get(pk=duplicate.pk).master is None
    assert learner_oids_of(writer, duplicate.oid) == (duplicate.oid, [duplicate.study_rights.get().oid])
    assert learner_oids_of(writer, master.oid) == (master.oid, [master.study_rights.get().oid])
    assert AuditEvent.objects.filter(learner_oid=duplicate.oid, details__change="merge_undone").exists()


def test_undone_merge_cannot_be_undone_again(as_superuser, pair):
    duplicate, _code, master = pair
    merge(as_superuser, duplicate, master)
    learner_merge = LearnerMerge.objects.get()
    url = reverse("admin:registry_learnermerge_undo", args=[learner_merge.pk])
    as_superuser.post(url, {"reason": "twins"})

    again = as_superuser.post(url, {"reason": "twins"})

    assert again.status_code == 200
    assert "conflict.oppijat.yhdistäminenJoPeruttu" in again.content.decode()


def test_learner_is_not_merged_into_itself_nor_twice(as_superuser, pair, writer):
    duplicate, _code, master = pair
    third, _third_code = stored_learner(writer, "merge-third")

    itself = merge(as_superuser, duplicate, duplicate)
    merge(as_superuser, duplicate, master)
    twice = merge(as_superuser, duplicate, third)

    assert "badRequest.oppijat.yhdistäminenItseensä" in itself.content.decode()
    assert "conflict.oppijat.joYhdistetty" in twice.content.decode()
    assert LearnerMerge.objects.count() == 1
    assert Learner.objects.get(pk=duplicate.pk).master == master


def test_official_does_not_see_merges(client, official_a, pair):
    client.force_login(official_a)

    response = client.get(reverse("admin:registry_learnermerge_changelist"))

    assert response.status_code == 403


def test_merged_oid_citizen_sees_master(as_superuser, client, pair):
    duplicate, _code, master = pair
    merge(as_superuser, duplicate, master)
    client.logout()
    session = client.session
    session[SESSION_KEY] = duplicate.oid
    session.save()

    response = client.get(reverse("citizen:own-record"))

    assert response.status_code == 200
    viewed = AuditEvent.objects.filter(action=AuditAction.CITIZEN_OWN_RECORD_VIEW).values_list("learner_oid", flat=True)
    assert list(viewed) == [master.oid]
