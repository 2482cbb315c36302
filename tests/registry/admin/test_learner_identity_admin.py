"""Learners without identity codes, identity-code changes and name history, through the admin and the API."""

import datetime

import pytest
from django.urls import reverse

from registry import identity_codes
from registry.models import AuditAction, AuditEvent, FormerIdentityCode, IdentityCodeChange, Learner, LearnerNameChange
from tests import documents
from tests.factories import LearnerFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db


def changes_of(learner):
    return list(
        AuditEvent.objects.filter(action=AuditAction.LEARNER_WRITE, learner_oid=learner.oid)
        .order_by("pk").values_list("details__change", flat=True)
    )


def test_learner_without_code_created(as_superuser):
    response = as_superuser.post(reverse("admin:registry_learner_new"), {
        "first_names": "Amira", "calling_name": "Amira", "last_name": "Haddad", "birth_date": "2004-02-29",
        "identity_code": "",
    })

    learner = Learner.objects.get(last_name="Haddad")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_learner_change", args=[learner.pk])
    assert learner.oid.startswith("1.2.246.562.24.")
    assert learner.identity_code_hash is None
    assert learner.birth_date == datetime.date(2004, 2, 29)
    assert changes_of(learner) == ["created"]


def test_learner_without_identity_code_needs_a_birth_date(as_superuser):
    response = as_superuser.post(reverse("admin:registry_learner_new"), {"first_names": "Amira", "last_name": "Haddad"})

    assert response.status_code == 200
    assert "badRequest.validation.henkilötiedot" in response.content.decode()
    assert not Learner.objects.filter(last_name="Haddad").exists()


def test_added_code_found_by_api(api, admin_user, as_superuser):
    learner = LearnerFactory(identity_code_ciphertext="", identity_code_hash=None, birth_date=datetime.date(2004, 2, 29))
    code = synthetic_identity_code()

    response = as_superuser.post(reverse("admin:registry_learner_identity_code", args=[learner.pk]), {
        "identity_code": code, "change": IdentityCodeChange.TEMPORARY_REPLACED, "reason": "",
    })
    written = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", documents.vocational(identity_code=code))

    assert response.status_code == 302
    learner.refresh_from_db()
    assert identity_codes.decrypt(learner.identity_code_ciphertext) == code
    assert written.status_code == 200, written.content.decode()
    assert written.json()["henkilö"]["oid"] == learner.oid
    assert changes_of(learner) == ["identity_code_added"]


def test_replaced_temporary_code_still_found(api, admin_user, as_superuser):
    temporary, permanent = synthetic_identity_code(), synthetic_identity_code()
    first = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", documents.vocational(identity_code=temporary))
    learner = Learner.objects.get(oid=first.json()["henkilö"]["oid"])

    response = as_superuser.post(reverse("admin:registry_learner_identity_code", args=[learner.pk]), {
        "identity_code": permanent, "change": IdentityCodeChange.TEMPORARY_REPLACED, "reason": "DVV gave the code",
    })
    by_old = api.put("/api/v1/oppija", documents.vocational(identity_code=temporary, source_id="tor-test-2"))
    by_new = api.put("/api/v1/oppija", documents.vocational(identity_code=permanent, source_id="tor-test-3"))

    assert response.status_code == 302
    learner.refresh_from_db()
    assert identity_codes.decrypt(learner.identity_code_ciphertext) == permanent
    former = FormerIdentityCode.objects.get(learner=learner)
    assert identity_codes.decrypt(former.identity_code_ciphertext) == temporary
    assert former.change == IdentityCodeChange.TEMPORARY_REPLACED
    assert by_old.json()["henkilö"]["oid"] == by_new.json()["henkilö"]["oid"] == learner.oid
    assert Learner.objects.count() == 1
    assert "identity_code_replaced" in changes_of(learner)


def test_code_of_another_learner_is_refused(as_superuser):
    other = LearnerFactory()
    learner = LearnerFactory()
    other_code = identity_codes.decrypt(other.identity_code_ciphertext)

    response = as_superuser.post(reverse("admin:registry_learner_identity_code", args=[learner.pk]), {
        "identity_code": other_code, "change": IdentityCodeChange.CORRECTED,
    })

    assert response.status_code == 200
    assert "conflict.hetu" in response.content.decode()
    assert not FormerIdentityCode.objects.exists()
    assert Learner.objects.get(pk=learner.pk).identity_code_hash == learner.identity_code_hash


def test_name_change_keeps_the_earlier_names(as_superuser):
    learner = LearnerFactory(first_names="Maija", last_name="Mallikas")

    response = as_superuser.post(reverse("admin:registry_learner_names", args=[learner.pk]), {
        "first_names": "Maija", "calling_name": "Maija", "last_name": "Virtanen", "reason": "marriage",
    })
    page = as_superuser.get(reverse("admin:registry_learner_change", args=[learner.pk]))

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.last_name == "Virtanen"
    earlier = LearnerNameChange.objects.get(learner=learner)
    assert (earlier.first_names, earlier.last_name, earlier.reason) == ("Maija", "Mallikas", "marriage")
    assert "Maija Mallikas" in page.content.decode()
    assert changes_of(learner) == ["names_changed"]


@pytest.mark.parametrize("name", ["admin:registry_learner_identity_code", "admin:registry_learner_names", "admin:registry_learner_merge"])
def test_official_cannot_change_identities(client, official_a, study_right_a, name):
    client.force_login(official_a)

    response = client.post(reverse(name, args=[study_right_a.learner_id]), {"reason": "x", "master_oid": "x"})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.LEARNER_WRITE, actor_id=str(official_a.pk)).exists()


def test_new_learner_link_for_administrators(as_superuser, client, official_a, study_right_a):
    administrator_page = as_superuser.get(reverse("admin:registry_learner_changelist")).content.decode()
    client.force_login(official_a)
    official_page = client.get(reverse("admin:registry_learner_changelist")).content.decode()

    assert reverse("admin:registry_learner_new") in administrator_page
    assert reverse("admin:registry_learner_new") not in official_page
