"""Rights to organisations' study rights: the one module that calls django-guardian.

A right is a django-guardian object permission on an Organisation, granted to a user or a group,
and it covers the organisation and every organisation below it. Each grant is also recorded as a
RoleGrant, which may limit it to some study-right types and, for a service user, name the source
system it writes from. Registry administrators (superusers) hold every right. Records are
filtered through their organisation columns in selectors, never through one permission row per
record.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from .models import Organisation, Role, RoleGrant

READ = "registry.read_study_rights"
WRITE = "registry.write_study_rights"
INVALIDATE = "registry.invalidate_study_rights"
SENSITIVE = "registry.sensitive_study_rights"
# Detaching a study right from its source system, so that officials edit it in the admin.
DETACH = "registry.detach_study_rights"
# Each right is held by holding any of these: a right to write or invalidate includes reading.
IMPLIED = {
    READ: (READ, WRITE, INVALIDATE), WRITE: (WRITE,), INVALIDATE: (INVALIDATE,), SENSITIVE: (SENSITIVE,), DETACH: (DETACH,),
}
ROLE_PERMISSIONS = {
    Role.READ: READ,
    Role.WRITE: WRITE,
    Role.SENSITIVE: SENSITIVE,
    Role.INVALIDATE: INVALIDATE,
    Role.SERVICE: WRITE,
    Role.DETACH: DETACH,
}
PERMISSION_ROLES = {
    READ: Role.READ, WRITE: Role.WRITE, SENSITIVE: Role.SENSITIVE, INVALIDATE: Role.INVALIDATE, DETACH: Role.DETACH,
}

_CACHE_ATTRIBUTE = "_tor_granted_scopes"


@dataclass(frozen=True)
class Scope:
    """An organisation subtree where a right holds, and the study-right types it is limited to (None: all)."""

    path: str
    types: frozenset | None

    def covers(self, organisation, study_right_type=None):
        if organisation is None or not organisation.path.startswith(self.path):
            return False
        return self.types is None or study_right_type is None or study_right_type in self.types


def is_registry_administrator(user):
    return bool(user and user.is_active and user.is_superuser)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def granted_scopes(user, permission):
    """Return the Scopes where `user` holds `permission`, directly or through a group, cached on the user.

    A right granted without a RoleGrant row, or by any grant without type limits, covers every type.
    """
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if permission in cache:
        return cache[permission]
    permissions = IMPLIED[permission]
    organisations = list(get_objects_for_user(
        user, list(permissions), klass=Organisation, any_perm=True, accept_global_perms=False, with_superuser=False,
    ))
    roles = [role for role, role_permission in ROLE_PERMISSIONS.items() if role_permission in permissions]
    limits = {}
    for organisation_id, types in RoleGrant.objects.filter(
        Q(user=user) | Q(group__in=user.groups.all()), role__in=roles, organisation__in=organisations,
    ).values_list("organisation_id", "study_right_types"):
        if not types:
            limits[organisation_id] = None
        elif limits.get(organisation_id, frozenset()) is not None:
            limits[organisation_id] = limits.get(organisation_id, frozenset()) | frozenset(types)
    cache[permission] = sorted(
        (Scope(organisation.path, limits.get(organisation.pk)) for organisation in organisations),
        key=lambda scope: scope.path,
    )
    return cache[permission]


def granted_paths(user, permission):
    """Return the hierarchy paths of the organisations where `user` holds `permission`, whatever the types."""
    return [scope.path for scope in granted_scopes(user, permission)]


def has_organisation_permission(user, permission, organisation, study_right_type=None):
    """Return whether `user` holds `permission` on `organisation` (for `study_right_type`, when given)."""
    if organisation is None or not _active(user):
        return False
    if is_registry_administrator(user):
        return True
    return any(scope.covers(organisation, study_right_type) for scope in granted_scopes(user, permission))


def has_study_right_permission(user, permission, study_right):
    """Return whether `user` holds `permission` on a study right, through its institution or education provider.

    Reading is also allowed through the institution of the study right that includes this one
    (`sisältyyOpiskeluoikeuteen`), because the national format makes a linked record visible to
    both providers.
    """
    owners = [study_right.institution, study_right.provider]
    if permission == READ:
        owners.append(study_right.parent_institution)
    return any(has_organisation_permission(user, permission, owner, study_right.type) for owner in owners)


def organisation_scope(user, permission, *relations, type_field=None):
    """Return a Q object that matches records whose `relations` lie in the user's organisations.

    `relations` name organisation foreign keys of the queried model, such as "institution".
    With `type_field`, a right limited to some study-right types matches only those types.
    The organisations below each granted path are looked up first (one query), so the records are
    matched by their organisation ids, which their indexes serve, instead of by joins on paths.
    """
    if is_registry_administrator(user):
        return Q()
    scope = Q(pk__in=[])
    granted_list = granted_scopes(user, permission) if _active(user) else []
    ids_by_path = _organisation_ids_under([granted.path for granted in granted_list])
    for granted in granted_list:
        limit = Q(**{f"{type_field}__in": sorted(granted.types)}) if type_field and granted.types is not None else Q()
        for relation in relations:
            scope |= Q(**{f"{relation}_id__in": ids_by_path[granted.path]}) & limit
    return scope


def _organisation_ids_under(paths):
    """Return {path: ids of the organisations at or below it, sorted} for hierarchy paths, in one query."""
    if not paths:
        return {}
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    rows = list(Organisation.objects.filter(condition).values_list("pk", "path"))
    return {path: sorted(pk for pk, row_path in rows if row_path.startswith(path)) for path in paths}


def study_right_scope(user, permission=READ, prefix=""):
    """Return a Q object for the study rights `user` may read or change, for querying StudyRight or through `prefix`."""
    relations = ["institution", "provider"]
    if permission == READ:
        relations.append("parent_institution")
    return organisation_scope(user, permission, *(prefix + relation for relation in relations), type_field=prefix + "type")


def service_source_systems(user, organisation, study_right_type):
    """Return the source systems a service user may write from for the organisation, or None for other users.

    An empty string in the result allows any source system.
    """
    if is_registry_administrator(user) or not _active(user):
        return None
    grants = RoleGrant.objects.filter(Q(user=user) | Q(group__in=user.groups.all()), role=Role.SERVICE).select_related("organisation")
    grants = list(grants)
    if not grants:
        return None
    return {
        grant.source_system
        for grant in grants
        if Scope(grant.organisation.path, frozenset(grant.study_right_types) or None).covers(organisation, study_right_type)
    }


def _forget(principal):
    principal.__dict__.pop(_CACHE_ATTRIBUTE, None)


@transaction.atomic
def grant_role(principal, role, organisation, *, study_right_types=(), source_system="", granted_by=None):
    """Grant `role` on `organisation` to a user or a group, replacing the limits of an earlier grant of it."""
    holder = {"group": principal} if isinstance(principal, Group) else {"user": principal}
    grant, _created = RoleGrant.objects.update_or_create(
        **holder, organisation=organisation, role=role,
        defaults={
            "study_right_types": sorted(set(study_right_types)),
            "source_system": source_system,
            "granted_by": granted_by,
        },
    )
    assign_perm(ROLE_PERMISSIONS[role], principal, organisation)
    _forget(principal)
    return grant


@transaction.atomic
def revoke_role(grant):
    """Remove a role grant, and its object permission unless another role of the holder still needs it."""
    principal, organisation, permission = grant.holder, grant.organisation, ROLE_PERMISSIONS[grant.role]
    grant.delete()
    holder = {"group": principal} if isinstance(principal, Group) else {"user": principal}
    still_needed = RoleGrant.objects.filter(
        **holder, organisation=organisation,
        role__in=[role for role, role_permission in ROLE_PERMISSIONS.items() if role_permission == permission],
    ).exists()
    if not still_needed:
        remove_perm(permission, principal, organisation)
    _forget(principal)


def grant(principal, permission, organisation, **limits):
    """Grant the role that gives `permission` (READ, WRITE, SENSITIVE or INVALIDATE) on `organisation`."""
    return grant_role(principal, PERMISSION_ROLES[permission], organisation, **limits)


def revoke(principal, permission, organisation):
    holder = {"group": principal} if isinstance(principal, Group) else {"user": principal}
    for role_grant in RoleGrant.objects.filter(**holder, organisation=organisation, role=PERMISSION_ROLES[permission]):
        revoke_role(role_grant)
    remove_perm(permission, principal, organisation)
    _forget(principal)
