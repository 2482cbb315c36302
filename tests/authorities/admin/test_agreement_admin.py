"""The agreement admin: registry staff change agreements with history; authority staff see only their own, read-only."""

import datetime

import pytest
from django.core.management import call_command

from authorities.models import AccessMode, AgreementStatus, AgreementVersion, Authority, DataSharingAgreement, Disclosure
from authorities.permissions import grant_agreement_view
from authorities.services.agreement_fixtures import load_authority_agreements
from authorities.transfer_format.profiles import PROFILES
from tests.authorities.disclosure import make_agreement
from tests.factories import UserFactory
from tests.oauth2 import authority

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/authorities/datasharingagreement/"


def change_url(agreement):
    return f"{LIST_URL}{agreement.pk}/change/"


def form_data(agreement, **changes):
    values = {
        "authority": agreement.authority_id, "name": agreement.name, "diary_number": agreement.diary_number,
        "status": agreement.status, "legal_basis": agreement.legal_basis, "purpose": agreement.purpose,
        "valid_from": agreement.valid_from.isoformat(), "valid_to": "", "profile": agreement.profile,
        "education_types": agreement.education_types, "access_modes": agreement.access_modes,
        "lookup_batch_limit": agreement.lookup_batch_limit, "datasets_per_day": agreement.datasets_per_day,
        "dataset_retention_hours": agreement.dataset_retention_hours,
    }
    values.update(changes)
    return values


def test_change_in_admin_is_kept_as_version(client, admin_user):
    agreement = make_agreement("kela")
    client.force_login(admin_user)

    response = client.post(change_url(agreement), form_data(agreement, status=AgreementStatus.SUSPENDED))

    assert response.status_code == 302, response.content.decode()[:3000]
    versions = list(AgreementVersion.objects.filter(agreement=agreement).order_by("version"))
    assert [version.version for version in versions] == [1, 2]
    assert versions[1].changed_fields == ["status"]
    assert versions[1].changed_by == admin_user
    assert versions[1].values["status"] == AgreementStatus.SUSPENDED
    page = client.get(change_url(agreement)).content.decode()
    assert "2 · " in page


def test_ended_agreement_cannot_be_resumed(client, admin_user):
    agreement = make_agreement("kela")
    agreement.status = AgreementStatus.ENDED
    agreement.save()
    client.force_login(admin_user)

    response = client.post(change_url(agreement), form_data(agreement, status=AgreementStatus.ACTIVE))

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert DataSharingAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ENDED


def test_profile_outside_its_types_is_rejected(client, admin_user):
    agreement = make_agreement("valvira")
    client.force_login(admin_user)

    response = client.post(change_url(agreement), form_data(agreement, education_types=["lukiokoulutus"]))

    assert response.status_code == 200
    assert "education_types" in response.context["adminform"].form.errors
    assert DataSharingAgreement.objects.get(pk=agreement.pk).education_types == ["ammatillinenkoulutus"]


def test_authority_staff_see_only_their_agreements():
    own = make_agreement("kela")
    other = make_agreement("tilastokeskus", authority_row=authority(business_id="0201256-6"))
    Disclosure.objects.create(
        agreement=own, mode=AccessMode.LOOKUP, legal_basis="x", purpose="y", profile="kela",
        disclosed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), learner_count=7,
    )
    staff = UserFactory(username="kela-staff", is_staff=True)
    grant_agreement_view(staff, own)
    from django.test import Client

    client = Client()
    client.force_login(staff)
    listing = client.get(LIST_URL)
    own_page = client.get(change_url(own), HTTP_ACCEPT_LANGUAGE="en")
    other_page = client.get(change_url(other))
    post = client.post(change_url(own), form_data(own, status=AgreementStatus.SUSPENDED))

    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [own]
    assert own_page.status_code == 200
    assert "1 disclosures of 7 learners" in own_page.content.decode()
    assert "/admin/authorities/apiclient/" not in own_page.content.decode()
    assert other_page.status_code == 302
    assert post.status_code == 403
    assert DataSharingAgreement.objects.get(pk=own.pk).status == AgreementStatus.ACTIVE


def test_staff_without_agreement_are_refused(client):
    agreement = make_agreement("kela")
    staff = UserFactory(username="official-without-agreement", is_staff=True)
    client.force_login(staff)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(change_url(agreement)).status_code == 403


def test_fixture_loads_nine_authorities_once():
    first = load_authority_agreements(status=AgreementStatus.ACTIVE)
    second = load_authority_agreements(status=AgreementStatus.ACTIVE)

    assert first.authorities_created == 9
    assert first.agreements_created == 9
    assert second.agreements_created == 0
    assert second.agreements_present == 9
    assert set(DataSharingAgreement.objects.values_list("profile", flat=True)) == set(PROFILES)
    assert AgreementVersion.objects.count() == 9
    for agreement in DataSharingAgreement.objects.all():
        assert agreement.is_in_force()


def test_fixture_command_loads_drafts():
    call_command("load_authority_agreements")

    assert Authority.objects.count() == 9
    assert set(DataSharingAgreement.objects.values_list("status", flat=True)) == {AgreementStatus.DRAFT}
