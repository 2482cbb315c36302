"""Change rules: what an update of a stored study right may never change.

A stored study right keeps its type and its learner, and a source system's key
(lähdejärjestelmänId) once stored cannot be removed by a later write. It moves to another
institution of the same education provider only where the organisation data or registry staff
allow it, and once detached from its source system it stays ended.
"""

from django.db.models import Q

from ....errors import DETACHED_REOPENED, FORBIDDEN_CHANGE, FORBIDDEN_LEARNER_CHANGE, INSTITUTION_CHANGE_NOT_ALLOWED
from ....models import InstitutionTransition
from ....transfer_format import lifecycle
from ....transfer_format.model import SOURCE_ID_FIELD, TYPE_FIELD
from ....transfer_format.paths import child
from ....transfer_format.reader import TERMINAL_STATES, periods_of


def reject_type_change(resolved, problems, *, study_right, **_options):
    """Reject a change of a stored study right's type."""
    stored = resolved.existing
    if stored is not None and study_right.type != stored.type:
        problems.append(FORBIDDEN_CHANGE(
            path=study_right.type_path, field=TYPE_FIELD, stored=stored.type, value=study_right.type,
        ))


def reject_learner_change(resolved, problems, *, study_right, learner_ids, **_options):
    """Reject an update of a study right that belongs to another learner than the document's (or the learners merged into them)."""
    stored = resolved.existing
    if stored is not None and stored.learner_id not in learner_ids:
        problems.append(FORBIDDEN_LEARNER_CHANGE(path=study_right.oid_path, value=stored.oid))


def reject_source_id_removal(resolved, problems, *, study_right, **_options):
    """Reject a write that leaves out the source id (lähdejärjestelmänId) of a stored study right that has one."""
    stored = resolved.existing
    if stored is None or not (stored.source_id or stored.source_system):
        return
    if not resolved.data.has_source_reference:
        problems.append(FORBIDDEN_CHANGE(
            path=study_right.source_id_path, field=SOURCE_ID_FIELD,
            stored=f"{stored.source_system} {stored.source_id}".strip(), value="-",
        ))


def reject_reopening_detached(resolved, problems, **_options):
    """Reject a detached study right whose last state no longer ends it, as the national service does."""
    if not lifecycle.is_detached(resolved.document):
        return
    periods = periods_of(resolved.document)
    state = periods[-1][1] if periods else ""
    if state not in TERMINAL_STATES:
        problems.append(DETACHED_REOPENED(
            path=child(child(resolved.data.path, "tila"), "opiskeluoikeusjaksot"), value=state or "-",
        ))


def reject_institution_change(resolved, problems, *, today, **_options):
    """Reject a move to another institution of the same education provider that nothing allows.

    A move is allowed when registry staff have allowed the pair (InstitutionTransition, in force
    on `today`), when the new institution is in the study right's organisation history (a move
    back), or when the organisation data shows the old institution closed and the new one
    active. A move to another education provider is left to the write rights, as nationally.
    """
    stored = resolved.existing
    old, new = (stored.institution if stored is not None else None), resolved.institution
    if stored is None or old is None or new is None or old.pk == new.pk:
        return
    if stored.provider_id is None or resolved.provider is None or stored.provider_id != resolved.provider.pk:
        return
    if institution_change_allowed(stored, old, new, today):
        return
    problems.append(INSTITUTION_CHANGE_NOT_ALLOWED(
        path=child(resolved.data.path, "oppilaitos"), stored=old.oid, value=new.oid,
    ))


def institution_change_allowed(stored, old, new, today):
    earlier = {(entry.get("oppilaitos") or {}).get("oid") for entry in lifecycle.organisation_history(stored.document)}
    if new.oid in earlier:
        return True
    if _is_closed(old, today) and not _is_closed(new, today):
        return True
    return InstitutionTransition.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today), from_institution=old, to_institution=new,
    ).exists()


def _is_closed(organisation, today):
    return not organisation.active or (organisation.valid_to is not None and organisation.valid_to <= today)


RULES = [
    reject_type_change, reject_learner_change, reject_source_id_removal, reject_reopening_detached,
    reject_institution_change,
]
