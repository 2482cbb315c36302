"""Models of authorities, their data-sharing agreements, API clients, disclosures and bulk datasets, one module per aggregate."""

from .agreement import MAX_LOOKUP_BATCH, AccessMode, AgreementStatus, AgreementVersion, DataSharingAgreement
from .api_client import ApiClient, ApiClientKind
from .authority import Authority
from .dataset import Dataset, DatasetFormat, DatasetStatus
from .disclosure import Disclosure, DisclosureLogEntry

__all__ = [
    "MAX_LOOKUP_BATCH",
    "AccessMode",
    "AgreementStatus",
    "AgreementVersion",
    "ApiClient",
    "ApiClientKind",
    "Authority",
    "DataSharingAgreement",
    "Dataset",
    "DatasetFormat",
    "DatasetStatus",
    "Disclosure",
    "DisclosureLogEntry",
]
