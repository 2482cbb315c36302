"""Step 5 of ingest: the rules a resolved document must pass, against the format's semantics and what is stored.

The rules live in `rules/`, one module per family. This module lists them in RULES and runs each
on every study right of the document. Each rule gets the study right's English read model and
the request's shared data: the learner's ids, the qualification descriptions the document names
and today's date.
"""

from django.utils import timezone

from ...errors import CONFLICT_EXISTS, CONFLICT_VERSION, RegisterError
from ...transfer_format.model import read_study_right_model
from ...transfer_format.paths import child
from .rules import changes, dates, duplicates, states, structure
from .rules.descriptions import QualificationDescriptions

__all__ = ["RULES", "validate"]


def validate(resolution, *, allow_update=True, today=None):
    """Raise RegisterError listing every rule the resolved study rights break."""
    models = [read_study_right_model(resolved.document, resolved.data.path) for resolved in resolution.study_rights]
    options = {
        "allow_update": allow_update,
        "learner_ids": resolution.learner_ids,
        "descriptions": QualificationDescriptions.load(
            number for model in models for number, _path, _checked in structure.diary_number_references(model)
        ),
        "today": today or current_day(),
    }

    problems = []
    for resolved, model in zip(resolution.study_rights, models):
        # An invalidation only needs to name the stored study right: its content is not checked
        # again, as nationally, but the change rules apply.
        rules = INVALIDATION_RULES if model.is_invalidation else RULES
        for rule in rules:
            rule(resolved, problems, study_right=model, **options)
    if problems:
        raise RegisterError(problems)


def current_day():
    """Return today in the register's time zone: the day descriptions of open study rights must be in force."""
    return timezone.localdate()


def reject_update_when_creating(resolved, problems, *, allow_update, **_options):
    """A create-only write (POST) may not update a stored study right."""
    if resolved.existing is not None and not allow_update:
        problems.append(CONFLICT_EXISTS(path=resolved.data.path, value=resolved.existing.oid))


def reject_stale_version(resolved, problems, **_options):
    """A version number sent must be the stored study right's latest."""
    data, stored = resolved.data, resolved.existing
    if stored is not None and data.version is not None and data.version != stored.version:
        problems.append(CONFLICT_VERSION(
            path=child(data.path, "versionumero"), value=data.version, latest=stored.version,
        ))


WRITE_RULES = [reject_update_when_creating, reject_stale_version]
INVALIDATION_RULES = [*WRITE_RULES, *changes.RULES]
RULES = [
    *WRITE_RULES,
    *changes.RULES,
    *duplicates.RULES,
    *dates.RULES,
    *states.RULES,
    *structure.RULES,
]
