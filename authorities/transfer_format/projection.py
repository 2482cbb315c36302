"""Cut a learner's record down to a data profile: the one place that decides what an authority receives.

For each study right, in this order:

1. sensitive data of the national schema is removed, except the values the profile's
   `sensitive_paths` name;
2. for a learner with a non-disclosure order, organisations and places are masked
   (`masked_for_non_disclosure`), unless the agreement entitles the authority to them;
3. the register's own fields are added from the study right's columns (OID, version, time,
   start and end dates);
4. top-level achievements that fail the profile's rules are left out, and so is the study right
   when the profile requires an achievement and none is left;
5. only the profile's paths are kept. An object or list item with nothing kept in it is left out.

The person part keeps the profile's `henkilö.*` paths. A learner with no study right left is
not disclosed at all.
"""

from registry.transfer_format.non_disclosure import masked_for_non_disclosure
from registry.transfer_format.paths import parse
from registry.transfer_format.sensitive import find_sensitive, without
from registry.transfer_format.writer import person_document, study_right_document

from .paths import ITEM, PERSON, STUDY_RIGHTS, WHOLE, normalised

ACHIEVEMENTS = "suoritukset"
START_DATE = "alkamispäivä"
END_DATE = "päättymispäivä"

# What `project` returns for a value with nothing kept in it.
_NOTHING = object()


def project_learner(profile, learner, study_rights, *, identity_code="", mask_non_disclosure=True):
    """Return the learner document that `profile` allows of `learner` and its study rights, or None when nothing is left.

    `study_rights` are StudyRight rows whose types the agreement covers. `identity_code` is the
    learner's decrypted code, given only when the profile keeps it. `mask_non_disclosure` is
    False for an agreement that entitles the authority to details a non-disclosure order hides.
    """
    documents = []
    for study_right in study_rights:
        document = study_right_for_profile(
            profile, study_right, mask=mask_non_disclosure and learner.non_disclosure,
        )
        if document is not None:
            documents.append(document)
    if not documents:
        return None

    projected = project({PERSON: person_document(learner, identity_code), STUDY_RIGHTS: documents}, profile.tree.root)
    if projected is _NOTHING:
        return None
    return projected


def study_right_count(document):
    """Return the number of study rights in a projected learner document."""
    return len(document.get(STUDY_RIGHTS) or ())


def study_right_for_profile(profile, study_right, *, mask):
    """Return a study right's document after steps 1-4 above, before the paths are applied; None when it is left out."""
    document = _without_unlisted_sensitive(profile, study_right.document, study_right.type)
    if mask:
        document = masked_for_non_disclosure(document)
    document = study_right_document(study_right, document)
    if study_right.start_date and START_DATE not in document:
        document[START_DATE] = study_right.start_date.isoformat()
    if study_right.end_date and END_DATE not in document:
        document[END_DATE] = study_right.end_date.isoformat()

    if profile.filters_achievements:
        kept = [item for item in document.get(ACHIEVEMENTS) or [] if isinstance(item, dict) and profile.keeps_achievement(item)]
        document = {**document, ACHIEVEMENTS: kept}
        if profile.requires_achievement and not kept:
            return None
    return document


def study_right_passes(profile, study_right):
    """Return whether a study right is in the profile at all: its type is covered and its achievements pass."""
    if study_right.type not in profile.education_types:
        return False
    if not profile.requires_achievement:
        return True
    achievements = study_right.document.get(ACHIEVEMENTS) or []
    return any(isinstance(item, dict) and profile.keeps_achievement(item) for item in achievements)


def _without_unlisted_sensitive(profile, document, study_right_type):
    """Return the document without the sensitive values that the profile does not name in `sensitive_paths`."""
    removed_fields, removed_items, touched = {}, {}, set()
    for found in find_sensitive(document, study_right_type):
        location = (STUDY_RIGHTS, ITEM, *normalised(parse(found.path)))
        if profile.sensitive_tree.covers(location):
            continue
        if isinstance(found.container, list):
            removed_items.setdefault(id(found.container), set()).add(id(found.key))
        else:
            removed_fields.setdefault(id(found.container), set()).add(found.key)
        touched.update(found.ancestors)
        touched.add(id(found.container))
    if not touched:
        return document
    return without(document, removed_fields, removed_items, touched)


def project(value, node):
    """Return the parts of `value` that the PathTree node keeps, or _NOTHING when none."""
    if node == WHOLE:
        return value
    if isinstance(value, dict):
        kept = {}
        for key, child in value.items():
            child_node = node.get(key)
            if child_node is None:
                continue
            projected = project(child, child_node)
            if projected is not _NOTHING:
                kept[key] = projected
        return kept if kept else _NOTHING
    if isinstance(value, list):
        item_node = node.get(ITEM)
        if item_node is None:
            return _NOTHING
        items = [project(item, item_node) for item in value]
        items = [item for item in items if item is not _NOTHING]
        return items if items else _NOTHING
    # A scalar where the profile names keys below it: nothing of it is kept.
    return _NOTHING
