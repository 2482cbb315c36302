"""The permission matrix: every URL the project serves, against every kind of caller.

The table in tests/matrix/table.py has a row for every URL pattern of tor.urls, the admin's
generated model pages included, and gives the status for each role. The checks also assert that
the response contains no learner or study right out of the role's scope and no sensitive field
the role may not see. A refused write must change nothing, and exactly the expected audit events
must be recorded, with the role as actor and the response's request id. How to add a row is in
docs/security.md.
"""

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.matrix.checks import run_case
from tests.matrix.table import MODEL_PAGES, TABLE
from tests.matrix.urls import served_patterns
from tests.matrix.world import ROLES, build_world

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Build the world once for the module, in a transaction that is rolled back after its last test.

    Each test runs in a savepoint inside it, as pytest-django's `db` fixture nests its own.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        with transaction.atomic():
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test without the rate-limit and login counters of the tests before it."""
    cache.clear()
    yield
    cache.clear()


def test_every_served_pattern_has_a_row():
    served = [key for key, _route in served_patterns()]

    duplicates = sorted({key for key in served if served.count(key) > 1})
    missing = sorted(set(served) - set(TABLE))

    assert not duplicates, f"Patterns share a name, so one hides another in the matrix: {duplicates}"
    assert not missing, f"URL patterns without a row in tests/matrix/table.py: {missing}"


def test_every_row_is_a_served_pattern():
    served = {key for key, _route in served_patterns()}

    stale = sorted(set(TABLE) - served)

    assert not stale, f"Rows in tests/matrix/table.py for patterns that no longer exist: {stale}"


def test_every_admin_model_has_pages():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered - set(MODEL_PAGES) == set(), "Give each model registered in the admin an entry in MODEL_PAGES."
    assert set(MODEL_PAGES) - registered == set(), "MODEL_PAGES names models that the admin no longer registers."


def test_every_case_names_every_role():
    for key, cases in TABLE.items():
        for case in cases:
            assert set(case.statuses) == set(ROLES), f"{key} {case.method} {case.name}: {sorted(case.statuses)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pattern", sorted(TABLE))
def test_permission_matrix(world, pattern, role):
    for case in TABLE[pattern]:
        run_case(world, role, case)
