"""Prepare a load-test database that `manage.py load_demo_data` has filled: API clients and the learners to use.

Usage: DATABASE_URL=… python deploy/load/prepare.py OUTPUT.json

Creates, through the services, a provider system's API client for the demo official's institution
(scopes oppija:read and oppija:write, source system winnova). It also creates an authority with an
active Kela agreement and its API client (scope luovutus). It writes their credentials, the demo
logins and the demo learners' OIDs to OUTPUT.json for the Locust users (deploy/load/locustfile.py). The file
holds secrets of this throwaway database only; deploy/load/run keeps it under var/.
"""

import datetime
import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent
INSTITUTION = "1.2.246.562.10.52251087186"


def main(output):
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tor.settings")
    import django

    django.setup()

    from django.contrib.auth import get_user_model

    from authorities.models import AccessMode, AgreementStatus, ApiClientKind, Authority, DataSharingAgreement
    from authorities.services.agreements import save_agreement
    from authorities.services.api_clients import create_api_client
    from authorities.transfer_format.profiles import PROFILES
    from registry.middleware import system_audit_scope
    from registry.models import Learner, Organisation
    from registry.services.demo import DEMO_LOGINS

    administrator = get_user_model().objects.get(username=DEMO_LOGINS[0].username)
    with system_audit_scope("load_test_prepare"):
        provider = create_api_client(
            name="Load test provider system", kind=ApiClientKind.PROVIDER_SYSTEM,
            organisation=Organisation.objects.get(oid=INSTITUTION), source_system="winnova",
            scopes=("oppija:read", "oppija:write"), rate_limit="100000/minute", created_by=administrator,
        )
        authority = Authority.objects.create(name={"fi": "Kuormitustestin viranomainen"}, business_id="0246246-0")
        agreement = save_agreement(DataSharingAgreement(
            authority=authority, name="Load test agreement", legal_basis="Laki 1 §", purpose="Kuormitustesti",
            valid_from=datetime.date(2025, 1, 1), status=AgreementStatus.ACTIVE, profile="kela",
            education_types=list(PROFILES["kela"].education_types),
            access_modes=[AccessMode.LOOKUP, AccessMode.CHANGE_FEED],
        ), changed_by=administrator)
        authority_client = create_api_client(
            name="Load test authority client", kind=ApiClientKind.AUTHORITY, agreement=agreement,
            scopes=("luovutus",), rate_limit="100000/minute", created_by=administrator,
        )

    learners = list(Learner.objects.filter(study_rights__isnull=False).values_list("oid", flat=True).distinct())
    credentials = {
        "provider": {"client_id": provider.client_id, "client_secret": provider.client_secret},
        "authority": {"client_id": authority_client.client_id, "client_secret": authority_client.client_secret},
        "official": {"username": DEMO_LOGINS[1].username, "password": DEMO_LOGINS[1].password},
        "administrator": {"username": DEMO_LOGINS[0].username, "password": DEMO_LOGINS[0].password},
        "learners": learners,
        "institution": INSTITUTION,
    }
    Path(output).write_text(json.dumps(credentials, indent=2))
    print(f"load test clients created; {len(learners)} demo learners with study rights written to {output}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Usage: python deploy/load/prepare.py OUTPUT.json")
    main(sys.argv[1])
