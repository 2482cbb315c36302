"""Rights to data-sharing agreements: the one module of the authorities app that calls django-guardian.

An authority's user or client may receive data under an agreement only while it has the object
permission `authorities.use_agreement` on that agreement. An authority's staff member sees an
agreement and its disclosure statistics in the admin while they hold `authorities.view_agreement`
on it. Registry administrators (superusers) have both on every agreement.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from registry.permissions import is_registry_administrator

from .models import DataSharingAgreement

USE_AGREEMENT = "authorities.use_agreement"
VIEW_AGREEMENT = "authorities.view_agreement"


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


def with_agreement_permission(agreements, user):
    """Annotate a queryset of agreements with `usable`, which is true where `user` may receive data under the agreement.

    It is the rule of has_agreement_permission, evaluated in the query that reads the agreements,
    because the disclosure API checks it on every request and guardian's check costs two queries.
    """
    if not (user and user.is_authenticated and user.is_active):
        return agreements.annotate(usable=Value(False, output_field=BooleanField()))
    if is_registry_administrator(user):
        return agreements.annotate(usable=Value(True, output_field=BooleanField()))
    granted = {
        "content_type": ContentType.objects.get_for_model(DataSharingAgreement),
        "permission__codename": USE_AGREEMENT.split(".")[1],
        "object_pk": Cast(OuterRef("pk"), CharField()),
    }
    return agreements.annotate(
        usable=Exists(UserObjectPermission.objects.filter(user=user, **granted))
        | Exists(GroupObjectPermission.objects.filter(group__user=user, **granted)),
    )


def agreements_of(user):
    """Return the agreements `user` may receive data under, directly or through a group."""
    if not (user and user.is_authenticated and user.is_active):
        return DataSharingAgreement.objects.none()
    if is_registry_administrator(user):
        return DataSharingAgreement.objects.all()
    return get_objects_for_user(user, USE_AGREEMENT, klass=DataSharingAgreement, accept_global_perms=False)


def grant_agreement_view(principal, agreement):
    """Let an authority's staff user, or a group of them, see `agreement` and its disclosure statistics in the admin."""
    assign_perm(VIEW_AGREEMENT, principal, agreement)


def revoke_agreement_view(principal, agreement):
    remove_perm(VIEW_AGREEMENT, principal, agreement)


def viewable_agreements(user):
    """Return the agreements whose page and statistics `user` may see in the admin: all for registry administrators."""
    if not (user and user.is_authenticated and user.is_active):
        return DataSharingAgreement.objects.none()
    if is_registry_administrator(user):
        return DataSharingAgreement.objects.all()
    return get_objects_for_user(user, VIEW_AGREEMENT, klass=DataSharingAgreement, accept_global_perms=False)
