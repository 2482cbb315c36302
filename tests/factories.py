"""factory-boy factories for the register's models."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from registry import identity_codes
from registry.models import Learner, Organisation, OrganisationKind
from registry.oids import LEARNER_NODE, ORGANISATION_NODE, generate_oid

PASSWORD = "test-password-1"
_individual_numbers = itertools.count(900)


def synthetic_identity_code(sequence=None):
    """Return a valid identity code in the synthetic test range (individual number 900-999)."""
    number = next(_individual_numbers)
    birth = datetime.date(1990, 1, 1) + datetime.timedelta(days=number // 100 * 37 + (sequence or 0))
    return identity_codes.compose(birth, 900 + number % 100)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; pass `parent` to place it in the hierarchy."""

    class Meta:
        model = Organisation

    oid = factory.LazyFunction(lambda: generate_oid(ORGANISATION_NODE))
    name = factory.Sequence(lambda n: {"fi": f"Testiorganisaatio {n}", "sv": f"Testorganisation {n}"})
    kind = OrganisationKind.INSTITUTION
    parent = None
    path = factory.LazyAttribute(lambda org: f"{org.parent.path if org.parent else ''}{org.oid}/")


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    class Params:
        identity_code = factory.LazyFunction(synthetic_identity_code)

    oid = factory.LazyFunction(lambda: generate_oid(LEARNER_NODE))
    first_names = "Testi Oppija"
    calling_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Oppija{n}")
    identity_code_ciphertext = factory.LazyAttribute(lambda learner: identity_codes.encrypt(learner.identity_code))
    identity_code_hash = factory.LazyAttribute(lambda learner: identity_codes.lookup_hash(learner.identity_code))
    birth_date = factory.LazyAttribute(lambda learner: identity_codes.birth_date(learner.identity_code))
