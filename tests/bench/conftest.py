"""Fixtures of the benchmark tools' tests: the templates, built once per test session."""

import pytest


@pytest.fixture(scope="session")
def templates(django_db_setup, django_db_blocker):
    """Templates of every kind; building them stores the samples in a transaction it rolls back."""
    from bench.templates import build_templates

    with django_db_blocker.unblock():
        return build_templates()
