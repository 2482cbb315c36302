"""Fixtures of the demo-data tests."""

from io import StringIO

import pytest
from django.core.management import call_command

from registry.models import Code, CodeSet, Organisation, QualificationDescription, QualificationUnit
from registry.services.demo import sources


def empty_reference_data():
    """Delete the national reference data that the suite loads, so that only the project's fixture is left to use.

    Loading the small fixture on top of the national data would also mark thousands of national
    codes retired, one row at a time, which is slow and differs from a checkout without the
    national data.
    """
    QualificationUnit.objects.all().delete()
    QualificationDescription.objects.all().delete()
    Code.objects.all().delete()
    CodeSet.objects.all().delete()
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()


def run_load_demo_data():
    output = StringIO()
    call_command("load_demo_data", "--reference", str(sources.OWN_REFERENCE), stdout=output)
    return output.getvalue()


@pytest.fixture
def load_own_demo_data(db):
    """Empty the reference data, then return a function that runs load_demo_data with the project's own fixture.

    The function returns what the command printed.
    """
    empty_reference_data()
    return run_load_demo_data
