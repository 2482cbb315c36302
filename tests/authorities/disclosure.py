"""Helpers for tests of the disclosure API: agreements with a profile, their clients' tokens, learners from the samples."""

import datetime
import json
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.test import Client

from authorities.models import AccessMode, AgreementStatus, Authority, DataSharingAgreement
from authorities.services.agreements import save_agreement
from authorities.transfer_format.profiles import PROFILES
from registry.services import transfers
from tests import samples
from tests.oauth2 import access_token, authority, authority_client, bearer

LOOKUP_URL = "/api/v1/luovutus/oppijat"
FEED_URL = "/api/v1/luovutus/muutokset"
DATASETS_URL = "/api/v1/luovutus/aineistot"
AGGREGATES_URL = "/api/v1/luovutus/tilastot"


def registry_administrator():
    user, _created = get_user_model().objects.get_or_create(
        username="disclosure-admin", defaults={"is_staff": True, "is_superuser": True},
    )
    return user


def store_sample(name, identity_code=None, user=None):
    """Store a sample document as a learner of its own; return the TransferResult."""
    document = samples.with_own_learner(samples.load(name), identity_code)
    return transfers.receive_learner(json.dumps(document).encode(), user=user or registry_administrator())


def make_agreement(profile="kela", *, modes=None, education_types=None, authority_row=None, **fields):
    """Create an agreement of `profile` through the service, active by default, covering the profile's types."""
    chosen = PROFILES[profile]
    if modes is None:
        modes = [AccessMode.AGGREGATES] if chosen.aggregates_only else [
            AccessMode.LOOKUP, AccessMode.CHANGE_FEED, AccessMode.BULK_DATASET,
        ]
    row = DataSharingAgreement(
        authority=authority_row or Authority.objects.filter(business_id="0246246-0").first() or authority(),
        name=fields.pop("name", f"{profile} agreement"),
        legal_basis=fields.pop("legal_basis", "Laki 1 §"),
        purpose=fields.pop("purpose", f"Purpose of {profile}"),
        valid_from=fields.pop("valid_from", datetime.date(2025, 1, 1)),
        status=fields.pop("status", AgreementStatus.ACTIVE),
        profile=profile,
        education_types=list(education_types if education_types is not None else chosen.education_types),
        access_modes=list(modes),
        **fields,
    )
    return save_agreement(row, changed_by=registry_administrator())


class DisclosureClient:
    """A test client of an authority's API client, sending its bearer token on every request."""

    def __init__(self, agreement_row):
        self.agreement = agreement_row
        self.credentials = authority_client(agreement_row)
        self.client = Client()
        self.headers = bearer(access_token(self.client, self.credentials))

    @property
    def user(self):
        return self.credentials.client.user

    def post(self, url, body):
        return self.client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json", **self.headers)

    def get(self, url, params=None):
        return self.client.get(url, params or {}, **self.headers)


def lookup_body(*items):
    return {"oppijat": list(items)}


def error_keys(response):
    return [item["key"] for item in response.json()]


def database_url(database):
    """Return the URL of the test database for a child process, with the password when there is one."""
    user = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        user += ":" + quote(database["PASSWORD"], safe="")
    return f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def change_end_date(stored, date):
    """Send the stored sample's study right again with another estimated end date: its next version."""
    study_right = stored.study_rights[0].study_right
    document = json.loads(json.dumps(study_right.document))
    document["oid"] = study_right.oid
    document["arvioituPäättymispäivä"] = date
    transfers.receive_learner(
        json.dumps({"henkilö": {"oid": stored.learner.oid}, "opiskeluoikeudet": [document]}).encode(),
        user=registry_administrator(),
    )
