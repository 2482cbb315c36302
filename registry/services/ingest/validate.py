"""Step 5 of ingest: the rules a resolved document must pass against what is stored."""

from ... import errors
from ...errors import RegisterError
from ...transfer_format.paths import child


def validate(resolution, *, allow_update=True):
    """Raise RegisterError listing every rule the resolved study rights break."""
    problems = []
    for resolved in resolution.study_rights:
        for rule in RULES:
            rule(resolved, problems, allow_update=allow_update)
    if problems:
        raise RegisterError(problems)


def reject_equivalent(resolved, problems, **_options):
    """A study right sent without OID or source id may not repeat one the learner already has."""
    if resolved.equivalent is not None:
        problems.append(errors.CONFLICT_EXISTS(path=resolved.data.path, value=resolved.equivalent.oid))


def reject_update_when_creating(resolved, problems, *, allow_update, **_options):
    """A create-only write (POST) may not update a stored study right."""
    if resolved.existing is not None and not allow_update:
        problems.append(errors.CONFLICT_EXISTS(path=resolved.data.path, value=resolved.existing.oid))


def reject_stale_version(resolved, problems, **_options):
    """A version number sent must be the stored study right's latest."""
    data, stored = resolved.data, resolved.existing
    if stored is not None and data.version is not None and data.version != stored.version:
        problems.append(errors.CONFLICT_VERSION(
            path=child(data.path, "versionumero"), value=data.version, latest=stored.version,
        ))


def reject_type_change(resolved, problems, **_options):
    """A stored study right keeps its type."""
    data, stored = resolved.data, resolved.existing
    if stored is not None and data.type != stored.type:
        problems.append(errors.FORBIDDEN_CHANGE(
            path=child(data.path, "tyyppi"), field="tyyppi", stored=stored.type, value=data.type,
        ))


RULES = [reject_equivalent, reject_update_when_creating, reject_stale_version, reject_type_change]
