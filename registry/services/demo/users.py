"""Demo users: a registry administrator and a provider official with rights to one institution."""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ... import permissions
from ...models import Organisation
from .report import DemoDataError

logger = logging.getLogger(__name__)

# Stadin ammatti- ja aikuisopisto, a vocational institution of the City of Helsinki. Both the
# national reference data and the project's own fixture hold it, and demo learners study there.
DEMO_INSTITUTION_OID = "1.2.246.562.10.52251087186"


class DemoUserError(DemoDataError):
    """A demo user exists in a state the demo cannot use, or its institution is missing."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# Known passwords, printed by the demo: demo installations only.
REGISTRY_ADMINISTRATOR = DemoLogin(
    "demo-admin", "demo-admin-password", "registry administrator: admin and API for every organisation",
)
PROVIDER_OFFICIAL = DemoLogin(
    "demo-official", "demo-official-password", "provider official: reads and writes one institution's study rights",
)
DEMO_LOGINS = (REGISTRY_ADMINISTRATOR, PROVIDER_OFFICIAL)


def ensure_registry_administrator(report):
    """Return the demo registry administrator (a superuser), creating it when missing."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=REGISTRY_ADMINISTRATOR.username).first()
    if user is None:
        user = user_model.objects.create_superuser(
            REGISTRY_ADMINISTRATOR.username, f"{REGISTRY_ADMINISTRATOR.username}@example.invalid",
            REGISTRY_ADMINISTRATOR.password,
        )
        report.users_added.append(user.username)
        logger.info("demo_user_created user_id=%s role=registry_administrator", user.pk)
    elif not permissions.is_registry_administrator(user):
        raise DemoUserError(
            f"The user {user.username} exists but is not an active superuser, so it cannot store the demo "
            f"learners. Make it an active superuser or delete it, then load the demo data again."
        )
    return user


def ensure_provider_official(report):
    """Return the demo provider official, creating it when missing and granting it write rights to the demo institution.

    A right to write includes the right to read, so the official reads and writes the study
    rights of the institution and of its units.
    """
    institution = Organisation.objects.filter(oid=DEMO_INSTITUTION_OID).first()
    if institution is None:
        raise DemoUserError(
            f"The organisation {DEMO_INSTITUTION_OID} is missing from the reference data, so the demo "
            f"provider official has no institution. Load reference data that contains it."
        )

    user_model = get_user_model()
    user = user_model.objects.filter(username=PROVIDER_OFFICIAL.username).first()
    if user is None:
        user = user_model.objects.create_user(
            PROVIDER_OFFICIAL.username, f"{PROVIDER_OFFICIAL.username}@example.invalid",
            PROVIDER_OFFICIAL.password, is_staff=True,
        )
        report.users_added.append(user.username)
        logger.info("demo_user_created user_id=%s role=provider_official", user.pk)

    if not permissions.has_organisation_permission(user, permissions.WRITE, institution):
        permissions.grant(user, permissions.WRITE, institution)
        report.rights_granted += 1
        logger.info(
            "demo_right_granted user_id=%s permission=%s organisation_oid=%s",
            user.pk, permissions.WRITE, institution.oid,
        )
    report.official_institution = institution
    return user
