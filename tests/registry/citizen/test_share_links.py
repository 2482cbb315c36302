"""Share links: the service's rules (expiry, selection, the limit of active links, extend, revoke, delete) and the page."""

import datetime

import pytest
from django.utils import timezone

from registry import errors
from registry.errors import RegisterError
from registry.models import AuditAction, AuditEvent, ShareLink, ShareSelection
from registry.services import share_links
from tests.factories import LearnerFactory, synthetic_identity_code
from tests.registry.citizen.records import learner_of, log_in, store

pytestmark = pytest.mark.django_db

SHARE_LINKS = "/omat-tiedot/jaot/"
TODAY = datetime.date(2026, 8, 31)


@pytest.fixture
def learner_with_rights(api, admin_user):
    code = synthetic_identity_code()
    vocational = store(api, admin_user, "ammatillinen-perustutkinto.json", code)[0]
    upper_secondary = store(api, admin_user, "lukio-paattotodistus.json", code)[0]
    return learner_of(vocational), vocational, upper_secondary


def error_keys(raised):
    return [error.key.key for error in raised.value.errors]


def create(learner, oid, **fields):
    return share_links.create(learner, selection=ShareSelection.CHOSEN, study_right_oids=[oid], **fields)


def test_default_expiry_is_six_months():
    assert share_links.default_expiry(TODAY) == datetime.date(2027, 2, 28)


def test_latest_expiry_is_a_year():
    assert share_links.latest_expiry(TODAY) == datetime.date(2027, 8, 31)
    assert share_links.latest_expiry(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_create_stores_hash_not_secret(learner_with_rights):
    learner, vocational, _other = learner_with_rights

    link, secret = create(learner, vocational)

    assert len(secret) == 43
    assert link.secret_hash == share_links.secret_hash(secret)
    assert not ShareLink.objects.filter(secret_hash=secret).exists()
    assert link.expires_on == share_links.default_expiry()
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_CREATE, learner_oid=learner.oid).count() == 1


@pytest.mark.parametrize("days", [-1, 366, 400])
def test_expiry_out_of_range_is_rejected(learner_with_rights, days):
    learner, vocational, _other = learner_with_rights

    with pytest.raises(RegisterError) as raised:
        create(learner, vocational, expires_on=TODAY + datetime.timedelta(days=days), today=TODAY)

    assert error_keys(raised) == [errors.SHARE_LINK_EXPIRY_INVALID.key]
    assert not ShareLink.objects.exists()


def test_expiry_of_exactly_a_year_is_accepted(learner_with_rights):
    learner, vocational, _other = learner_with_rights

    link, _secret = create(learner, vocational, expires_on=datetime.date(2027, 8, 31), today=TODAY)

    assert link.expires_on == datetime.date(2027, 8, 31)


def test_empty_selection_is_rejected(learner_with_rights):
    learner, _vocational, _other = learner_with_rights

    with pytest.raises(RegisterError) as raised:
        share_links.create(learner, selection=ShareSelection.CHOSEN)

    assert error_keys(raised) == [errors.SHARE_LINK_SELECTION_EMPTY.key]


def test_other_learners_study_right_is_rejected(learner_with_rights, api, admin_user):
    learner, _vocational, _other = learner_with_rights
    foreign = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]

    with pytest.raises(RegisterError) as raised:
        create(learner, foreign)

    assert error_keys(raised) == [errors.SHARE_LINK_SELECTION_INVALID.key]
    assert not ShareLink.objects.exists()


def test_unknown_achievement_is_rejected(learner_with_rights):
    learner, vocational, _other = learner_with_rights

    with pytest.raises(RegisterError) as raised:
        share_links.create(learner, selection=ShareSelection.CHOSEN, achievements=[
            {"study_right": vocational, "type": "ammatillinentutkinto", "module": "999999"},
        ])

    assert error_keys(raised) == [errors.SHARE_LINK_SELECTION_INVALID.key]


def test_hundred_active_links_is_the_limit(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    ShareLink.objects.bulk_create([
        ShareLink(learner=learner, secret_hash=f"{index:064d}", selection=ShareSelection.CHOSEN,
                  study_right_oids=[vocational], expires_on=expires_on)
        for index in range(share_links.MAX_ACTIVE_LINKS)
    ])

    with pytest.raises(RegisterError) as raised:
        create(learner, vocational)

    assert error_keys(raised) == [errors.SHARE_LINK_LIMIT.key]
    assert ShareLink.objects.count() == share_links.MAX_ACTIVE_LINKS


def test_revoked_links_do_not_count_to_limit(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    ShareLink.objects.bulk_create([
        ShareLink(learner=learner, secret_hash=f"{index:064d}", selection=ShareSelection.CHOSEN,
                  study_right_oids=[vocational], expires_on=expires_on, revoked_at=timezone.now())
        for index in range(share_links.MAX_ACTIVE_LINKS)
    ])

    link, _secret = create(learner, vocational)

    assert link.is_active()


def test_extend_sets_new_last_day(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, _secret = create(learner, vocational)
    new_day = share_links.latest_expiry()

    share_links.extend(link, new_day)

    link.refresh_from_db()
    assert link.expires_on == new_day
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_EXTEND).count() == 1


def test_revoked_link_cannot_be_extended(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, _secret = create(learner, vocational)
    share_links.revoke(link)

    with pytest.raises(RegisterError) as raised:
        share_links.extend(link, share_links.latest_expiry())

    assert error_keys(raised) == [errors.SHARE_LINK_NOT_ACTIVE.key]


def test_revoking_twice_records_once(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, _secret = create(learner, vocational)

    share_links.revoke(link)
    share_links.revoke(link)

    assert AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_REVOKE).count() == 1
    assert not ShareLink.objects.get(pk=link.pk).is_active()


def test_delete_expired_keeps_recent_and_active(learner_with_rights):
    learner, vocational, _other = learner_with_rights
    today = timezone.localdate()
    now = timezone.now()

    def link(name, expires_on, revoked_at=None):
        return ShareLink.objects.create(learner=learner, secret_hash=name.ljust(64, "0"), selection=ShareSelection.CHOSEN,
                                        study_right_oids=[vocational], expires_on=expires_on, revoked_at=revoked_at)

    active = link("active", today + datetime.timedelta(days=10))
    recently_expired = link("recent", today - datetime.timedelta(days=20))
    long_expired = link("expired", today - datetime.timedelta(days=40))
    recently_revoked = link("revoked-recent", today + datetime.timedelta(days=10), now - datetime.timedelta(days=5))
    long_revoked = link("revoked-long", today + datetime.timedelta(days=10), now - datetime.timedelta(days=40))

    deleted = share_links.delete_expired_share_links(datetime.timedelta(days=30))

    assert deleted == 2
    remaining = set(ShareLink.objects.values_list("pk", flat=True))
    assert remaining == {active.pk, recently_expired.pk, recently_revoked.pk}
    assert long_expired.pk not in remaining
    assert long_revoked.pk not in remaining


# The share-link page


def test_page_creates_link_and_shows_url(client, learner_with_rights):
    learner, vocational, _other = learner_with_rights
    log_in(client, learner.oid)

    response = client.post(SHARE_LINKS, {
        "selection": "chosen", "study_rights": [vocational], "expires_on": share_links.default_expiry().isoformat(),
    })

    assert response.status_code == 200
    secret = response.context["secret"]
    assert f"/jako/{secret}/" in response.content.decode()
    assert ShareLink.objects.get().study_right_oids == [vocational]


def test_page_rejects_too_late_expiry(client, learner_with_rights):
    learner, vocational, _other = learner_with_rights
    log_in(client, learner.oid)
    too_late = share_links.latest_expiry() + datetime.timedelta(days=1)

    response = client.post(SHARE_LINKS, {"selection": "chosen", "study_rights": [vocational], "expires_on": too_late.isoformat()})

    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"]
    assert not ShareLink.objects.exists()


def test_page_rejects_empty_selection(client, learner_with_rights):
    learner, _vocational, _other = learner_with_rights
    log_in(client, learner.oid)

    response = client.post(SHARE_LINKS, {"selection": "chosen", "expires_on": share_links.default_expiry().isoformat()})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not ShareLink.objects.exists()


def test_page_rejects_study_right_not_offered(client, learner_with_rights, api, admin_user):
    learner, _vocational, _other = learner_with_rights
    foreign = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    log_in(client, learner.oid)

    response = client.post(SHARE_LINKS, {
        "selection": "chosen", "study_rights": [foreign], "expires_on": share_links.default_expiry().isoformat(),
    })

    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_page_lists_links_with_view_counts(client, learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, secret = create(learner, vocational)
    client.get(f"/jako/{secret}/")
    client.get(f"/jako/{secret}/")
    log_in(client, learner.oid)

    response = client.get(SHARE_LINKS)

    assert response.status_code == 200
    [(listed, active, _form)] = response.context["links"]
    assert listed.pk == link.pk
    assert listed.view_count == 2
    assert active is True


def test_page_extends_and_revokes(client, learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, _secret = create(learner, vocational)
    log_in(client, learner.oid)
    new_day = share_links.latest_expiry()

    extended = client.post(f"{SHARE_LINKS}{link.pk}/voimassaolo/", {f"link-{link.pk}-expires_on": new_day.isoformat()})
    revoked = client.post(f"{SHARE_LINKS}{link.pk}/peru/")

    assert (extended.status_code, revoked.status_code) == (302, 302)
    link.refresh_from_db()
    assert link.expires_on == new_day
    assert link.revoked_at is not None


def test_other_learners_link_is_not_found(client, learner_with_rights):
    learner, vocational, _other = learner_with_rights
    link, _secret = create(learner, vocational)
    log_in(client, LearnerFactory().oid)

    extended = client.post(f"{SHARE_LINKS}{link.pk}/voimassaolo/", {f"link-{link.pk}-expires_on": share_links.latest_expiry().isoformat()})
    revoked = client.post(f"{SHARE_LINKS}{link.pk}/peru/")

    assert (extended.status_code, revoked.status_code) == (404, 404)
    link.refresh_from_db()
    assert link.expires_on == share_links.default_expiry()
    assert link.revoked_at is None


def test_anonymous_request_is_sent_to_login(client):
    response = client.get(SHARE_LINKS)

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/kirjaudu/"
