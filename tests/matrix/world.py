"""The data and the roles of the permission matrix.

Institution A is Jyväskylän normaalikoulu and institution B Stadin ammatti- ja aikuisopisto, both
from the national reference data. The people:

- learner A has two study rights at A: pre-primary education with sensitive data (special-support
  decisions, disability, transport) and an upper secondary subject syllabus with three top-level
  achievements;
- learner B has a vocational study right at B;
- the shared learner has an upper secondary study right at A and a vocational one at B, so a
  reader of one institution may read half of the record;
- person F is not a learner: their transfer to A failed, and the transfer log keeps their names,
  the document sent and an error whose path names the sensitive field `vammainen`.

Every document is sent through the transfer service, as a provider system's would be, so the
transfer log has a row per learner and institution. No document at B holds data that is sensitive
at A, so a sensitive field name in a response can only come from A.
"""

import copy
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from registry import permissions
from registry.citizen.session import SESSION_KEY
from registry.errors import RegisterError
from registry.models import ActorType, Organisation, Role, RoleGrant, StudyRight, TransferAttempt
from registry.services import transfers
from registry.transfer_format.sensitive import find_sensitive, sensitive_field_names
from tests import samples
from tests.factories import PASSWORD, UserFactory, synthetic_identity_code
from tests.oauth2 import access_token, agreement, authority, authority_client, basic_header, provider_client

INSTITUTION_A = "1.2.246.562.10.14613773812"
INSTITUTION_B = "1.2.246.562.10.52251087186"
SOURCE_SYSTEM = "winnova"

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
OFFICIAL_A = "official_a"
OFFICIAL_B = "official_b"
READER_A = "reader_a"
SERVICE_BASIC = "service_basic"
SERVICE_TOKEN = "service_token"
AUTHORITY = "authority"
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, CITIZEN, OFFICIAL_A, OFFICIAL_B, READER_A, SERVICE_BASIC, SERVICE_TOKEN, AUTHORITY, SUPERUSER)
# Roles that are not logged in to the admin: its pages send them to the login page.
OUTSIDERS = (ANONYMOUS, CITIZEN, SERVICE_BASIC, SERVICE_TOKEN, AUTHORITY)


@dataclass
class Person:
    """Someone whose data the world holds, with the markers that must not appear where they are out of scope."""

    key: str
    first_names: str
    last_name: str
    identity_code: str
    oid: str = ""

    @property
    def markers(self):
        return [marker for marker in (self.oid, self.last_name) if marker]


@dataclass
class StoredRight:
    key: str
    person: str
    institution: str
    oid: str
    sensitive_names: frozenset


@dataclass
class RoleSetup:
    """How a role authenticates, whom the audit trail names, and what it may read."""

    name: str
    user: object = None
    citizen_oid: str = ""
    headers: dict = field(default_factory=dict)
    actor_type: str = ""
    actor_id: str = ""
    # Institutions ("A", "B") whose study rights the role reads; None for all of them.
    institutions: frozenset | None = frozenset()
    # Institutions where the role may see sensitive data; None for all of them.
    sensitive_institutions: frozenset | None = frozenset()
    # Token endpoint credentials of a machine client, for the OAuth2 rows.
    client_credentials: object = None
    spare_token: str = ""


@dataclass
class World:
    institutions: dict
    people: dict
    study_rights: dict
    roles: dict
    transfer_attempts: dict
    objects: dict
    write_document: dict
    sensitive_names: frozenset

    def role(self, name):
        return self.roles[name]

    def study_right(self, key):
        return self.study_rights[key]

    def person(self, key):
        return self.people[key]

    def reads(self, role_name, institution_key):
        institutions = self.roles[role_name].institutions
        return institutions is None or institution_key in institutions

    def visible_study_rights(self, role_name):
        """Return the keys of the study rights the role may read anywhere, in the world's order."""
        setup = self.roles[role_name]
        if setup.citizen_oid:
            return [key for key, right in self.study_rights.items() if self.people[right.person].oid == setup.citizen_oid]
        return [key for key, right in self.study_rights.items() if self.reads(role_name, right.institution)]

    def visible_people(self, role_name):
        """Return the keys of the people whose names and OIDs the role may see."""
        visible = {self.study_rights[key].person for key in self.visible_study_rights(role_name)}
        if self.reads(role_name, "A") and not self.roles[role_name].citizen_oid:
            visible.add("person_f")
        return visible

    def may_see_sensitive(self, role_name):
        """Return whether the role may see the sensitive data of A, the only sensitive data in the world."""
        setup = self.roles[role_name]
        if setup.citizen_oid:
            return True
        return setup.sensitive_institutions is None or "A" in setup.sensitive_institutions


def build_world():
    """Create the organisations' study rights, the transfer log and the users of every role; return the World."""
    superuser = get_user_model().objects.create_superuser("matrix-admin", "matrix-admin@example.invalid", PASSWORD)
    institutions = {
        "A": Organisation.objects.get(oid=INSTITUTION_A),
        "B": Organisation.objects.get(oid=INSTITUTION_B),
    }
    people = {
        "learner_a": Person("learner_a", "Aatu Aleksi", "Alfamatriisi", synthetic_identity_code()),
        "learner_b": Person("learner_b", "Bertta Beata", "Betamatriisi", synthetic_identity_code()),
        "shared": Person("shared", "Cecilia Celia", "Gammamatriisi", synthetic_identity_code()),
        "person_f": Person("person_f", "Fanni Freija", "Deltamatriisi", synthetic_identity_code()),
    }
    study_rights = {}
    for key, person, sample, institution in [
        ("a_pre_primary", "learner_a", "esiopetusvalmis.json", "A"),
        ("a_subject", "learner_a", "lukio-lukionoppiaineenoppimaara-kesken.json", "A"),
        ("b_vocational", "learner_b", "ammatillinen-reforminmukainenperustutkinto2022.json", "B"),
        ("shared_a", "shared", "lukio-uusi.json", "A"),
        ("shared_b", "shared", "ammatillinen-uusi.json", "B"),
    ]:
        study_rights[key] = _send(superuser, people[person], samples.load(sample), key, institution)
    _send_failed_transfer(superuser, people["person_f"])

    sensitive_names = study_rights["a_pre_primary"].sensitive_names
    for key, right in study_rights.items():
        if right.institution == "B":
            assert not right.sensitive_names & sensitive_names, f"{key} holds data that is sensitive at A"

    roles = _roles(superuser, institutions, people)
    return World(
        institutions=institutions,
        people=people,
        study_rights=study_rights,
        roles=roles,
        transfer_attempts=_transfer_attempts(institutions, people),
        objects=_admin_objects(institutions, roles, people),
        write_document=_write_document(),
        sensitive_names=sensitive_names,
    )


def _document(person, sample):
    document = copy.deepcopy(sample)
    document["henkilö"] = {
        "hetu": person.identity_code,
        "etunimet": person.first_names,
        "kutsumanimi": person.first_names.split()[0],
        "sukunimi": person.last_name,
    }
    return document


def _send(user, person, sample, key, institution):
    document = _document(person, sample)
    result = transfers.receive_learner(json.dumps(document).encode(), user=user)
    person.oid = result.learner.oid
    study_right = result.study_rights[0].study_right
    names = frozenset(
        found.path.rsplit(".", 1)[-1].split("[")[0]
        for found in find_sensitive(study_right.document, study_right.type)
    ) & sensitive_field_names(study_right.type)
    return StoredRight(key=key, person=person.key, institution=institution, oid=study_right.oid, sensitive_names=names)


def _send_failed_transfer(user, person):
    """Send pre-primary education with an invalid date of disability: the transfer log keeps it at A."""
    document = _document(person, samples.load("esiopetusvalmis.json"))
    document["opiskeluoikeudet"][0]["lisätiedot"]["vammainen"] = [{"alku": "not-a-date"}]
    try:
        transfers.receive_learner(json.dumps(document).encode(), user=user)
    except RegisterError:
        return
    raise AssertionError("The document with an invalid date was stored.")


def _transfer_attempts(institutions, people):
    attempts = {}
    for key, person, institution in [
        ("learner_a_at_a", "learner_a", "A"),
        ("learner_b_at_b", "learner_b", "B"),
        ("shared_at_a", "shared", "A"),
        ("shared_at_b", "shared", "B"),
    ]:
        attempts[key] = TransferAttempt.objects.get(organisation=institutions[institution], learner_oid=people[person].oid)
    attempts["person_f_at_a"] = TransferAttempt.objects.get(
        organisation=institutions["A"], last_name=people["person_f"].last_name,
    )
    assert TransferAttempt.objects.count() == len(attempts)
    return attempts


def _roles(superuser, institutions, people):
    def staff(username, *grants):
        user = UserFactory(username=username, is_staff=True)
        for permission, institution in grants:
            permissions.grant(user, permission, institutions[institution])
        return user

    official_a = staff("matrix-official-a", (permissions.WRITE, "A"), (permissions.SENSITIVE, "A"))
    official_b = staff("matrix-official-b", (permissions.WRITE, "B"), (permissions.SENSITIVE, "B"))
    reader_a = staff("matrix-reader-a", (permissions.READ, "A"))
    service_user = UserFactory(username="matrix-service")
    permissions.grant_role(service_user, Role.SERVICE, institutions["A"], source_system=SOURCE_SYSTEM)
    provider = provider_client(institutions["A"], source_system=SOURCE_SYSTEM, name="Matrix provider system")
    authority_credentials = authority_client(_disclosure_agreement(), name="Matrix authority client")
    token_client = Client()

    def user_role(name, user, actor_type=ActorType.USER, **scope):
        return RoleSetup(name, user=user, actor_type=actor_type, actor_id=str(user.pk), **scope)

    return {
        ANONYMOUS: RoleSetup(ANONYMOUS),
        CITIZEN: RoleSetup(
            CITIZEN, citizen_oid=people["learner_a"].oid, actor_type=ActorType.CITIZEN, actor_id=people["learner_a"].oid,
        ),
        OFFICIAL_A: user_role(OFFICIAL_A, official_a, institutions=frozenset("A"), sensitive_institutions=frozenset("A")),
        OFFICIAL_B: user_role(OFFICIAL_B, official_b, institutions=frozenset("B"), sensitive_institutions=frozenset("B")),
        READER_A: user_role(READER_A, reader_a, institutions=frozenset("A")),
        SERVICE_BASIC: RoleSetup(
            SERVICE_BASIC, user=service_user, headers={"HTTP_AUTHORIZATION": basic_header(service_user.username, PASSWORD)},
            actor_type=ActorType.SERVICE_CLIENT, actor_id=str(service_user.pk), institutions=frozenset("A"),
        ),
        SERVICE_TOKEN: RoleSetup(
            SERVICE_TOKEN, user=provider.client.user,
            headers={"HTTP_AUTHORIZATION": f"Bearer {access_token(token_client, provider)}"},
            actor_type=ActorType.SERVICE_CLIENT, actor_id=str(provider.client.user.pk), institutions=frozenset("A"),
            client_credentials=provider, spare_token=access_token(token_client, provider),
        ),
        AUTHORITY: RoleSetup(
            AUTHORITY, user=authority_credentials.client.user,
            headers={"HTTP_AUTHORIZATION": f"Bearer {access_token(token_client, authority_credentials)}"},
            actor_type=ActorType.AUTHORITY_CLIENT, actor_id=str(authority_credentials.client.user.pk),
            institutions=None, client_credentials=authority_credentials, spare_token=access_token(token_client, authority_credentials),
        ),
        SUPERUSER: user_role(SUPERUSER, superuser, institutions=None, sensitive_institutions=None),
    }


def _disclosure():
    """Return a disclosure of the matrix's agreement with no learner in it."""
    from django.utils import timezone

    from authorities.models import AccessMode, DataSharingAgreement, Disclosure

    agreement = DataSharingAgreement.objects.get()
    return Disclosure.objects.create(
        agreement=agreement, mode=AccessMode.LOOKUP, legal_basis=agreement.legal_basis, purpose=agreement.purpose,
        profile=agreement.profile, disclosed_at=timezone.now(),
    )


def _disclosure_agreement():
    """Return an active agreement of profile kela with every access mode: every study right of the world is in its scope."""
    from authorities.models import AccessMode
    from authorities.transfer_format.profiles import PROFILES

    return agreement(
        authority(), profile="kela", education_types=list(PROFILES["kela"].education_types),
        access_modes=list(AccessMode.values),
    )


def _admin_objects(institutions, roles, people):
    """Return the rows whose admin pages the matrix opens, by model label, for models without scoped records."""
    from django.utils import timezone

    from authorities.models import ApiClient, Authority, DataSharingAgreement
    from registry.models import Code, CodeSet, InstitutionTransition, Learner, LearnerMerge, QualificationDescription

    spare_user = UserFactory(username="matrix-spare-user")
    group = Group.objects.create(name="matrix-group")
    grant = permissions.grant_role(spare_user, Role.READ, institutions["B"])
    provider = roles[SERVICE_TOKEN].client_credentials.client
    return {
        "auth.group": group,
        "auth.user": spare_user,
        "registry.codeset": CodeSet.objects.get(uri="opiskeluoikeudentyyppi"),
        "registry.code": Code.objects.get(code_set_uri="opiskeluoikeudentyyppi", value="esiopetus"),
        "registry.organisation": institutions["A"],
        "registry.qualificationdescription": QualificationDescription.objects.order_by("pk").first(),
        "registry.rolegrant": RoleGrant.objects.get(pk=grant.pk),
        "authorities.datasharingagreement": DataSharingAgreement.objects.get(),
        "authorities.apiclient": ApiClient.objects.get(pk=provider.pk),
        "authorities.authority": Authority.objects.get(),
        "authorities.disclosure": _disclosure(),
        # An undone merge and an allowed institution change, which change how no record resolves.
        "registry.learnermerge": LearnerMerge.objects.create(
            duplicate=Learner.objects.get(oid=people["learner_a"].oid), master=Learner.objects.get(oid=people["learner_b"].oid),
            reason="matrix", merged_at=timezone.now(), undone_at=timezone.now(), undo_reason="matrix",
        ),
        "registry.institutiontransition": InstitutionTransition.objects.create(
            from_institution=institutions["A"], to_institution=institutions["B"], kind="merger",
        ),
    }


def _write_document():
    """Return a new learner's upper secondary study right at A, from the service's source system, without sensitive data."""
    person = Person("writer", "Eemeli Eero", "Epsilonmatriisi", synthetic_identity_code())
    document = _document(person, samples.load("lukio-uusi.json"))
    document["opiskeluoikeudet"][0]["lähdejärjestelmänId"] = {
        "id": "matrix-write-1",
        "lähdejärjestelmä": {"koodiarvo": SOURCE_SYSTEM, "koodistoUri": "lahdejarjestelma"},
    }
    study_right = document["opiskeluoikeudet"][0]
    assert not find_sensitive(study_right, study_right["tyyppi"]["koodiarvo"])
    return document


def prepare_client(client, setup):
    """Log the role in on `client` and return the headers its requests carry."""
    if setup.citizen_oid:
        session = client.session
        session[SESSION_KEY] = setup.citizen_oid
        session.save()
    elif setup.user is not None and not setup.headers:
        client.force_login(setup.user)
    return dict(setup.headers)


def study_rights_of(world, person_key):
    return [key for key, right in world.study_rights.items() if right.person == person_key]


def stored(world, key):
    return StudyRight.objects.select_related("learner").get(oid=world.study_rights[key].oid)
