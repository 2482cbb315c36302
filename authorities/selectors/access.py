"""The agreement a disclosure request runs under, and the checks that it may run at all."""

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from registry import errors
from registry.errors import RegisterError

from ..models import AgreementStatus, ApiClient, ApiClientKind, DataSharingAgreement
from ..permissions import with_agreement_permission
from ..services.agreements import current_version
from ..transfer_format.profiles import PROFILES


@dataclass(frozen=True)
class AgreementAccess:
    """A caller's right to receive data now: its agreement, the client it acts through and the agreement's profile."""

    agreement: object
    client: object
    profile: object

    @property
    def education_types(self):
        return tuple(self.agreement.education_types)

    @property
    def masks_non_disclosure(self):
        return not self.agreement.receives_non_disclosure_details

    @property
    def agreement_version(self):
        # agreement_access reads the version with the agreement. An agreement loaded elsewhere has it looked up.
        if hasattr(self.agreement, "current_version"):
            return self.agreement.current_version
        return current_version(self.agreement)


def agreement_access(user, mode):
    """Return the AgreementAccess of `user` for access mode `mode`, or raise RegisterError with the reason.

    Only an active authority client with the right to use its agreement passes (403
    `forbidden.luovutus.eiSopimusta` otherwise). Its agreement must be active, within its validity
    period and allow `mode` (403 with the key of the reason otherwise).
    """
    client = _api_client(user)
    agreement = None
    if client is not None and client.kind == ApiClientKind.AUTHORITY and client.active and client.agreement_id:
        agreements = DataSharingAgreement.objects.select_related("authority").filter(pk=client.agreement_id)
        agreement = with_agreement_permission(agreements, user).annotate(current_version=Max("versions__version")).first()
    if agreement is None or not agreement.usable:
        raise RegisterError(errors.DISCLOSURE_NO_AGREEMENT())
    client.agreement = agreement
    check_in_force(agreement)
    if not agreement.allows(mode) or PROFILES.get(agreement.profile) is None:
        raise RegisterError(errors.DISCLOSURE_MODE_NOT_ALLOWED(
            value=agreement.pk, mode=mode, allowed=", ".join(agreement.access_modes) or "-",
        ))
    return AgreementAccess(agreement=agreement, client=client, profile=PROFILES[agreement.profile])


def _api_client(user):
    """Return the API client of `user`, or None. The token authentication has usually cached it on the user."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.api_client
    except ApiClient.DoesNotExist:
        return None


def check_in_force(agreement, on=None):
    """Raise RegisterError unless `agreement` is in force on `on` (today): the key names why not."""
    on = on or timezone.localdate()
    if agreement.status == AgreementStatus.SUSPENDED:
        raise RegisterError(errors.DISCLOSURE_AGREEMENT_SUSPENDED(value=agreement.pk))
    if agreement.status == AgreementStatus.ENDED or (agreement.valid_to is not None and on > agreement.valid_to):
        raise RegisterError(errors.DISCLOSURE_AGREEMENT_ENDED(value=agreement.pk, valid_to=agreement.valid_to or "-"))
    if agreement.status != AgreementStatus.ACTIVE or on < agreement.valid_from:
        raise RegisterError(errors.DISCLOSURE_AGREEMENT_NOT_IN_FORCE(
            value=agreement.pk, status=agreement.status, valid_from=agreement.valid_from,
        ))
