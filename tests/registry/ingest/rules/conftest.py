"""Fixtures of the rule tests: store a document through the ingest service and read the error keys."""

import datetime
import importlib

import pytest

from registry.errors import RegisterError
from registry.services.ingest import store_learner_document


@pytest.fixture
def rejected_keys(admin_user):
    """Return a function that stores a document as a registry administrator and returns its error keys, [] when stored."""

    def store(document):
        try:
            store_learner_document(document, user=admin_user)
        except RegisterError as error:
            return [problem.key.key for problem in error.errors]
        return []

    return store


@pytest.fixture
def fixed_today(monkeypatch):
    """Make the validate step's today a fixed day, so descriptions in force today give stable results."""

    # The package exports the function `validate`, which hides the module of the same name.
    module = importlib.import_module("registry.services.ingest.validate")

    def set_today(day):
        monkeypatch.setattr(module, "current_day", lambda: day)

    set_today(datetime.date(2024, 6, 1))
    return set_today
