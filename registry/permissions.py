"""Rights to organisations' study rights: the one module that calls django-guardian.

A right is a django-guardian object permission on an Organisation, granted to a user or a group,
and it covers the organisation and every organisation below it. Registry administrators
(superusers) hold every right. Records are filtered through their organisation columns in
selectors, never through one permission row per record.
"""

from django.db.models import Q
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from .models import Organisation

READ = "registry.read_study_rights"
WRITE = "registry.write_study_rights"
INVALIDATE = "registry.invalidate_study_rights"
# Each right is held by holding any of these: a right to write or invalidate includes reading.
IMPLIED = {READ: (READ, WRITE, INVALIDATE), WRITE: (WRITE,), INVALIDATE: (INVALIDATE,)}

_CACHE_ATTRIBUTE = "_tor_granted_paths"


def is_registry_administrator(user):
    return bool(user and user.is_active and user.is_superuser)


def granted_paths(user, permission):
    """Return the hierarchy paths of the organisations where `user` holds `permission`, cached on the user."""
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if permission not in cache:
        organisations = get_objects_for_user(
            user, list(IMPLIED[permission]), klass=Organisation, any_perm=True,
            accept_global_perms=False, with_superuser=False,
        )
        cache[permission] = sorted({organisation.path for organisation in organisations})
    return cache[permission]


def has_organisation_permission(user, permission, organisation):
    if organisation is None or not user.is_authenticated or not user.is_active:
        return False
    if is_registry_administrator(user):
        return True
    return any(organisation.path.startswith(path) for path in granted_paths(user, permission))


def has_study_right_permission(user, permission, study_right):
    """Return whether `user` holds `permission` on the study right's institution or education provider."""
    return any(
        has_organisation_permission(user, permission, organisation)
        for organisation in (study_right.institution, study_right.provider)
    )


def organisation_scope(user, permission, *relations):
    """Return a Q object that matches records whose `relations` lie in the user's organisations.

    `relations` name organisation foreign keys of the queried model, such as "institution".
    """
    if is_registry_administrator(user):
        return Q()
    paths = granted_paths(user, permission) if user.is_authenticated and user.is_active else []
    scope = Q(pk__in=[])
    for path in paths:
        for relation in relations:
            scope |= Q(**{f"{relation}__path__startswith": path})
    return scope


def grant(user_or_group, permission, organisation):
    assign_perm(permission, user_or_group, organisation)
    user_or_group.__dict__.pop(_CACHE_ATTRIBUTE, None)


def revoke(user_or_group, permission, organisation):
    remove_perm(permission, user_or_group, organisation)
    user_or_group.__dict__.pop(_CACHE_ATTRIBUTE, None)
