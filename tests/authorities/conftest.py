import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test without rate-limit counters or login failures of earlier tests."""
    cache.clear()
    yield
    cache.clear()
