"""Sources of the demo's reference data and learners.

Beside a checkout of the project, `../shared` may hold the national reference data and the
national service's sample documents. Without it the project's own fixtures are used: a small set
of code sets, organisations and qualification descriptions in the national services' formats
(`registry/fixtures/demo_reference`) and the demo learners that use exactly those
(`registry/fixtures/demo_learners`).
"""

from pathlib import Path

from django.conf import settings

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
OWN_REFERENCE = FIXTURES / "demo_reference"
OWN_LEARNERS = FIXTURES / "demo_learners"


def shared_directory():
    """Return the folder of shared development material beside the project: `<project>/../shared`."""
    return Path(settings.BASE_DIR).parent / "shared"


def default_reference_directory():
    """Return the national reference data beside the project when present, else the project's own fixture."""
    national = shared_directory() / "reference"
    return national if national.is_dir() else OWN_REFERENCE


def default_samples_directory(reference_directory):
    """Return the folder of national sample documents, or None when the demo uses its own learners.

    The samples name codes and organisations that only the national reference data holds, so
    they are used only with it, never with the project's own fixture.
    """
    samples = shared_directory() / "samples" / "koski"
    if not samples.is_dir() or is_own_reference(reference_directory):
        return None
    return samples


def is_own_reference(directory):
    return Path(directory).resolve() == OWN_REFERENCE.resolve()
