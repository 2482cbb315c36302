"""Rights to data-sharing agreements: the one module of the authorities app that calls django-guardian.

An authority's user or client may receive data under an agreement only while it has the object
permission `authorities.use_agreement` on that agreement. Registry administrators (superusers)
have it on every agreement.
"""

from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from registry.permissions import is_registry_administrator

from .models import DataSharingAgreement

USE_AGREEMENT = "authorities.use_agreement"


def grant_agreement(principal, agreement):
    """Let a user or a group receive data under `agreement`."""
    assign_perm(USE_AGREEMENT, principal, agreement)


def revoke_agreement(principal, agreement):
    remove_perm(USE_AGREEMENT, principal, agreement)


def has_agreement_permission(user, agreement):
    """Return whether `user` may receive data under `agreement`, whether or not the agreement is in force."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_registry_administrator(user):
        return True
    return user.has_perm(USE_AGREEMENT, agreement)


def agreements_of(user):
    """Return the agreements `user` may receive data under, directly or through a group."""
    if not (user and user.is_authenticated and user.is_active):
        return DataSharingAgreement.objects.none()
    if is_registry_administrator(user):
        return DataSharingAgreement.objects.all()
    return get_objects_for_user(user, USE_AGREEMENT, klass=DataSharingAgreement, accept_global_perms=False)
