"""Change rules: what an update of a stored study right may never change.

A stored study right keeps its type and its learner, and a source system's key
(lähdejärjestelmänId) once stored cannot be removed by a later write.
"""

from ....errors import FORBIDDEN_CHANGE, FORBIDDEN_LEARNER_CHANGE
from ....transfer_format.model import SOURCE_ID_FIELD, TYPE_FIELD


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


RULES = [reject_type_change, reject_learner_change, reject_source_id_removal]
