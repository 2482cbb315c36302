"""Reads of the citizen pages: the learner's own record, who has viewed it, and the learners that test identification lists."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from authorities.selectors.disclosure_log import disclosures_of_learner

from ..models import (
    ActorType,
    AuditAction,
    AuditEvent,
    Learner,
    Organisation,
    QualificationDescription,
    ShareLink,
    StudyRight,
)
from ..transfer_format.citizen import for_citizen
from ..transfer_format.presentation import INVALIDATED_STATE, StudyRightView, study_right_view
from .study_rights import learner_ids_with_merged


@dataclass
class OwnStudyRight:
    study_right: StudyRight
    view: StudyRightView

    @property
    def achievements(self):
        return self.view.achievements

    @property
    def sort_date(self):
        """The date that orders study rights newest first: the start, else the end, else the latest verification.

        A matriculation examination record has no periods, so its verification date places it.
        """
        return (
            self.study_right.start_date
            or self.study_right.end_date
            or self.view.latest_verification_date
            or datetime.date.min
        )


@dataclass
class InstitutionGroup:
    """The study rights of one institution; `names` is empty when neither the register nor the document names it."""

    oid: str
    names: dict
    study_rights: list = field(default_factory=list)


def valid_study_rights(learner):
    """Return the learner's study rights that citizens may see, with those of learners merged into it.

    Invalidated study rights are never included: neither those flagged invalidated nor those whose
    last state is the invalidated state.
    """
    study_rights = (
        StudyRight.objects.filter(learner_id__in=learner_ids_with_merged(learner), invalidated=False)
        .exclude(state=INVALIDATED_STATE)
        .select_related("institution", "provider")
    )
    return [study_right for study_right in study_rights if not study_right_view(study_right.document).is_invalidated]


def citizen_view(study_right, document, today):
    """Return the StudyRightView of a document as citizens see it (`transfer_format.citizen.for_citizen`)."""
    return study_right_view(for_citizen(document, study_right.type, today))


def sorted_newest_first(items):
    return sorted(items, key=lambda item: (item.sort_date, item.study_right.created_at, item.study_right.pk), reverse=True)


def own_record(learner, today=None):
    """Return the learner's valid study rights grouped by institution, newest first within and across groups.

    Each achievement links to the qualification description of its diary number, when the
    register holds one. Grades that the national service hides from citizens stay hidden.
    A group's place is that of its newest study right.
    """
    today = today or timezone.localdate()
    own = [
        OwnStudyRight(study_right=study_right, view=citizen_view(study_right, study_right.document, today))
        for study_right in valid_study_rights(learner)
    ]
    link_descriptions([item.view for item in own], today)
    return group_by_institution(sorted_newest_first(own))


def group_by_institution(items, from_document=False):
    """Return InstitutionGroups of `items` in their order; `from_document` names institutions from the documents only."""
    groups = {}
    for item in items:
        if from_document:
            oid, names = item.view.institution_oid or item.view.provider_oid, item.view.institution_name
        else:
            oid, names = _institution_of(item)
        group = groups.setdefault(oid, InstitutionGroup(oid=oid, names=names))
        group.study_rights.append(item)
    return list(groups.values())


def _institution_of(item):
    """Return (OID, names) of the institution: the register's current names first, then the document's."""
    study_right = item.study_right
    if study_right.institution is not None:
        return study_right.institution.oid, study_right.institution.name or item.view.institution_name
    oid = item.view.institution_oid or item.view.provider_oid or (study_right.provider.oid if study_right.provider else "")
    return oid, item.view.institution_name or (study_right.provider.name if study_right.provider else {})


def link_descriptions(views, today):
    """Set `description_id` of every top-level achievement whose diary number names a description in the register.

    One diary number can have several descriptions with different validity periods. The one in
    force at the achievement's verification date (else today) is chosen, else the newest.
    """
    achievements = [achievement for view in views for achievement in view.achievements if achievement.diary_number]
    numbers = {achievement.diary_number for achievement in achievements}
    if not numbers:
        return
    by_number = defaultdict(list)
    for description in QualificationDescription.objects.filter(diary_number__in=numbers).order_by("-valid_from", "-pk"):
        by_number[description.diary_number].append(description)
    for achievement in achievements:
        candidates = by_number.get(achievement.diary_number)
        if not candidates:
            continue
        on = achievement.verification.date if achievement.is_verified else today
        in_force = [
            description for description in candidates
            if (description.valid_from is None or description.valid_from <= on)
            and (description.valid_to is None or on <= description.valid_to)
        ]
        achievement.description_id = (in_force or candidates)[0].pk


def demo_learners(search=""):
    """Return the learners that the test identification page offers: those with a name and not merged away.

    `search` keeps those whose names contain it or whose OID starts with it, ignoring case.
    """
    learners = Learner.objects.filter(master__isnull=True).exclude(last_name="")
    search = search.strip()
    if search:
        learners = learners.filter(
            Q(first_names__icontains=search) | Q(last_name__icontains=search) | Q(oid__startswith=search)
        )
    return learners.order_by("last_name", "first_names", "oid")


# Who has viewed my data

# Reads of a learner's data that the learner sees in the access log, from the audit trail. Writes,
# the register's own jobs and an official's identity-code search that did not show the learner are
# left out. Disclosures to authorities come from the disclosure log instead, which names the
# agreement's purpose and the kinds of data sent.
ACCESS_ACTIONS = (
    AuditAction.LEARNER_READ, AuditAction.STUDY_RIGHT_READ, AuditAction.HISTORY_READ, AuditAction.TRANSFER_LOG_READ,
    AuditAction.EXPORT, AuditAction.SHARE_LINK_VIEW,
)
# NOTE: the page reads at most this many audit events and disclosures each, newest first; older ones are not listed.
ACCESS_LOG_EVENT_LIMIT = 2000


class AccessKind:
    ORGANISATION = "organisation"
    AUTHORITY = "authority"
    SHARE_LINK = "share_link"
    UNKNOWN = "unknown"


# The purpose shown to the learner for each kind of access.
PURPOSES = {
    ActorType.USER: _("Handling of study records by an official"),
    ActorType.SERVICE_CLIENT: _("Reading by the education provider's student administration system"),
    ActorType.ANONYMOUS: _("Viewed through your share link"),
}


@dataclass
class AccessEntry:
    """One request that read the learner's data: when, who read it, what was read, for what purpose."""

    occurred_at: datetime.datetime
    read_by: str
    data_read: list
    purpose: str
    study_right_count: int = 0
    legal_basis: str = ""

    @classmethod
    def from_events(cls, occurred_at, actor_type, actions, purpose, study_right_count):
        read_by = ActorType(actor_type).label if actor_type in ActorType.values else actor_type
        data_read = [AuditAction(action).label for action in actions if action in AuditAction.values]
        return cls(occurred_at, read_by, data_read, purpose, study_right_count)


@dataclass
class AccessGroup:
    """The accesses of one organisation, authority or share link, newest first."""

    kind: str
    key: str
    names: dict = field(default_factory=dict)
    share_link: object = None
    entries: list = field(default_factory=list)

    @property
    def latest(self):
        return self.entries[0].occurred_at


def access_log(learner):
    """Return who has read the learner's data, as AccessGroups with the latest access first.

    The audit trail gives the reads by officials and provider systems, grouped by the organisation
    of the study rights read, and the share-link views, grouped by link. The disclosure log gives
    the disclosures to authorities, grouped by authority with the agreement's purpose and legal
    basis. The learner's own views, by any of the learner's OIDs, are left out, and so are the
    register's own jobs.
    """
    own_oids = list(Learner.objects.filter(pk__in=learner_ids_with_merged(learner)).values_list("oid", flat=True))
    events = list(
        AuditEvent.objects.filter(learner_oid__in=own_oids, action__in=ACCESS_ACTIONS)
        .exclude(actor_type=ActorType.SYSTEM)
        .exclude(actor_type=ActorType.CITIZEN, actor_id__in=own_oids)
        .order_by("-occurred_at", "-id")[:ACCESS_LOG_EVENT_LIMIT]
    )

    requests = defaultdict(list)
    for event in events:
        requests[(event.request_id or f"event-{event.pk}", event.actor_type, event.actor_id)].append(event)

    groups = {}
    for request_events in requests.values():
        for key, entry in _entries_of_request(request_events):
            _group(groups, key).entries.append(entry)
    for disclosure in disclosures_of_learner(learner, limit=ACCESS_LOG_EVENT_LIMIT):
        key = (AccessKind.AUTHORITY, disclosure.authority_business_id or disclosure.authority_name)
        group = _group(groups, key)
        group.names = {get_language(): disclosure.authority_name}
        group.entries.append(AccessEntry(
            occurred_at=disclosure.disclosed_at, read_by=disclosure.mode_label, data_read=list(disclosure.data_kind_labels),
            purpose=disclosure.purpose, study_right_count=disclosure.study_rights, legal_basis=disclosure.legal_basis,
        ))

    _name_groups(groups.values(), learner)
    for group in groups.values():
        group.entries.sort(key=lambda entry: entry.occurred_at, reverse=True)
    return sorted(groups.values(), key=lambda group: group.latest, reverse=True)


def _group(groups, key):
    group = groups.get(key)
    if group is None:
        group = groups[key] = AccessGroup(kind=key[0], key=key[1])
    return group


def _entries_of_request(events):
    """Yield ((group kind, group key), AccessEntry) for the audit events of one request by one actor."""
    first = events[-1]
    actions = list(dict.fromkeys(event.action for event in reversed(events)))
    study_rights = {event.study_right_oid for event in events if event.study_right_oid}

    if AuditAction.SHARE_LINK_VIEW in actions:
        link_id = (first.details or {}).get("share_link")
        entry = AccessEntry.from_events(
            first.occurred_at, first.actor_type, actions, str(PURPOSES[ActorType.ANONYMOUS]), len(study_rights),
        )
        yield (AccessKind.SHARE_LINK, str(link_id or "")), entry
        return

    purpose = str(PURPOSES.get(first.actor_type, ""))
    organisations = sorted({event.organisation_oid for event in events if event.organisation_oid})
    if not organisations:
        entry = AccessEntry.from_events(first.occurred_at, first.actor_type, actions, purpose, len(study_rights))
        yield (AccessKind.UNKNOWN, ""), entry
        return
    for organisation_oid in organisations:
        count = len({event.study_right_oid for event in events if event.organisation_oid == organisation_oid and event.study_right_oid})
        yield (AccessKind.ORGANISATION, organisation_oid), AccessEntry.from_events(
            first.occurred_at, first.actor_type, actions, purpose, count,
        )


def _name_groups(groups, learner):
    groups = list(groups)
    organisation_oids = [group.key for group in groups if group.kind == AccessKind.ORGANISATION]
    organisations = {organisation.oid: organisation for organisation in Organisation.objects.filter(oid__in=organisation_oids)}
    link_ids = [int(group.key) for group in groups if group.kind == AccessKind.SHARE_LINK and group.key.isdigit()]
    links = {str(link.pk): link for link in learner_share_links(learner).filter(pk__in=link_ids)}
    for group in groups:
        if group.kind == AccessKind.ORGANISATION and group.key in organisations:
            group.names = organisations[group.key].name or {}
        elif group.kind == AccessKind.SHARE_LINK:
            group.share_link = links.get(group.key)


def learner_share_links(learner):
    """Return the share links of `learner` and of learners merged into it, newest first."""
    return ShareLink.objects.filter(learner_id__in=learner_ids_with_merged(learner)).order_by("-created_at", "-pk")
