"""Reads of share links: the choices a learner can share, a link found by its secret, and what a link shows.

A share link shows only its selection, built from the stored documents at the time of the view:
without the sensitive data of the national format, masked for a learner with a non-disclosure
order, with the grades that the national service hides from citizens hidden, without additional
information, and never with the identity code or the learner OID.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from ..models import ShareLink, ShareSelection
from ..services.share_links import secret_hash
from ..transfer_format.citizen import (
    completed_qualification_positions,
    for_citizen,
    positions_of_keys,
    shared_record_document,
    shared_study_right_document,
    top_level_key,
    with_top_level_achievements,
)
from ..transfer_format.non_disclosure import masked_for_non_disclosure
from ..transfer_format.presentation import StudyRightView, study_right_view
from ..transfer_format.sensitive import strip_sensitive
from .citizen import group_by_institution, learner_share_links, link_descriptions, sorted_newest_first, valid_study_rights
from .study_rights import learner_by_oid

# new_secret() gives 43 URL-safe base64 characters; anything else cannot be a link.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass
class ShareChoice:
    """A study right the learner can share, with its top-level achievements as (value, AchievementView, key)."""

    study_right: object
    view: StudyRightView
    achievements: list = field(default_factory=list)


def share_choices(learner, today=None):
    """Return the learner's valid study rights newest first, each with its top-level achievements as citizens see them.

    An achievement's form value is "<study right OID>:<position>", and its key (type code,
    module code) is what the link stores.
    """
    today = today or timezone.localdate()
    choices = []
    for study_right in valid_study_rights(learner):
        document = for_citizen(study_right.document, study_right.type, today)
        view = study_right_view(document)
        raw = [item for item in document.get("suoritukset") or [] if isinstance(item, dict)]
        achievements = [
            (f"{study_right.oid}:{index}", achievement, top_level_key(raw[index]))
            for index, achievement in enumerate(view.achievements)
        ]
        choices.append(ShareChoice(study_right=study_right, view=view, achievements=achievements))
    choices.sort(key=lambda choice: (choice.study_right.start_date is not None, choice.study_right.start_date,
                                     choice.study_right.created_at), reverse=True)
    return choices


def link_by_secret(secret, today=None):
    """Return the active ShareLink whose secret is `secret`, or None: unknown, revoked and expired links are alike."""
    if not isinstance(secret, str) or not SECRET_PATTERN.match(secret):
        return None
    today = today or timezone.localdate()
    link = ShareLink.objects.select_related("learner").filter(secret_hash=secret_hash(secret)).first()
    if link is None or not link.is_active(today):
        return None
    return link


def own_link(learner, link_id):
    """Return the learner's own link with `link_id`, or None."""
    return learner_share_links(learner).select_related("learner").filter(pk=link_id).first()


@dataclass
class SharedStudyRight:
    """A study right as a share link shows it: the shared document and its view, for the page and the PDF."""

    study_right: object
    document: dict
    view: StudyRightView

    @property
    def achievements(self):
        return self.view.achievements

    @property
    def sort_date(self):
        return self.study_right.start_date or self.study_right.end_date or self.view.latest_verification_date or datetime.date.min


@dataclass
class SharedRecord:
    link: ShareLink
    learner: object
    study_rights: list

    @property
    def groups(self):
        """The shared study rights grouped by the institution that their shared documents name.

        The register's own organisation rows are not used: for a learner with a non-disclosure
        order the documents name a placeholder instead of the institution.
        """
        return group_by_institution(self.study_rights, from_document=True)

    def as_json(self):
        return shared_record_document(
            self.learner,
            [shared_study_right_document(item.study_right.oid, item.document) for item in self.study_rights],
            self.link.expires_on,
        )


def shared_record(link, today=None):
    """Return the SharedRecord of an active link: exactly its selection, as the module docstring describes."""
    today = today or timezone.localdate()
    learner = learner_by_oid(link.learner.oid) or link.learner
    chosen_keys = {}
    for entry in link.achievements:
        chosen_keys.setdefault(entry.get("study_right"), set()).add((entry.get("type", ""), entry.get("module", "")))

    whole = set(link.study_right_oids) if link.selection == ShareSelection.CHOSEN else set()

    shared = []
    for study_right in valid_study_rights(learner):
        chosen_whole = study_right.oid in whole
        if link.selection == ShareSelection.CHOSEN and not chosen_whole and study_right.oid not in chosen_keys:
            continue
        document = shared_document(study_right, learner, today)
        if link.selection == ShareSelection.COMPLETED_QUALIFICATIONS:
            document = with_top_level_achievements(document, completed_qualification_positions(document, today))
        elif not chosen_whole:
            document = with_top_level_achievements(document, positions_of_keys(document, chosen_keys[study_right.oid]))
        if not chosen_whole and not document.get("suoritukset"):
            continue
        shared.append(SharedStudyRight(study_right=study_right, document=document, view=study_right_view(document)))

    link_descriptions([item.view for item in shared], today)
    return SharedRecord(link=link, learner=learner, study_rights=sorted_newest_first(shared))


def shared_document(study_right, learner, today):
    """Return a study right's document for a share link: no sensitive data, masked when the learner has a non-disclosure order."""
    document = strip_sensitive(study_right.document, study_right.type)
    if learner.non_disclosure:
        document = masked_for_non_disclosure(document)
    return for_citizen(document, study_right.type, today)
