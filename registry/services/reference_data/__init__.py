"""Loading reference data that other national services master: code sets, organisations, descriptions.

`load_reference_data(directory)` reads `koodisto/`, `organisaatio/` and `eperusteet/` under one
directory, in the national services' own JSON formats. Loads are idempotent: a second load of
the same files changes nothing.
"""

from pathlib import Path

from .code_sets import load_code_sets
from .common import ReferenceDataError
from .organisations import load_organisations
from .qualification_descriptions import load_qualification_descriptions

__all__ = ["ReferenceDataError", "load_reference_data"]

SOURCES = [
    ("koodisto", load_code_sets),
    ("organisaatio", load_organisations),
    ("eperusteet", load_qualification_descriptions),
]


def load_reference_data(directory, progress=None):
    """Load every source folder present under `directory`; return the LoadReports in load order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ReferenceDataError(f"{directory}: folder not found")
    present = [(folder, loader) for folder, loader in SOURCES if (directory / folder).is_dir()]
    if not present:
        raise ReferenceDataError(
            f"{directory}: none of the folders {', '.join(folder for folder, _loader in SOURCES)} found"
        )
    reports = []
    for folder, loader in present:
        reports.extend(loader(directory / folder, progress=progress))
    return reports
