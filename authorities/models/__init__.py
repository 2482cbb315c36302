"""Models of authorities, their data-sharing agreements and their API clients, one module per aggregate."""

from .agreement import AgreementStatus, DataSharingAgreement
from .api_client import ApiClient, ApiClientKind
from .authority import Authority

__all__ = [
    "AgreementStatus",
    "ApiClient",
    "ApiClientKind",
    "Authority",
    "DataSharingAgreement",
]
