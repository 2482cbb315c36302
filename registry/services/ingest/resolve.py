"""Step 3 of ingest: resolve the learner, organisations, codes and stored study rights a document names.

Runs inside the write transaction: the learner's row is locked, so the study rights found here
stay as they are until the transaction ends. Nothing is created here; a learner that does not
exist yet is created by the store step.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext

from ... import errors, identity_codes
from ...errors import RegisterError
from ...models import Code, FormerIdentityCode, Learner, Organisation, OrganisationKind, StudyRight
from ...fast_json import copy_document
from ...selectors.study_rights import learner_ids_with_merged
from ...transfer_format import enrich, lifecycle
from ...transfer_format.paths import child
from ...transfer_format.references import code_references, organisation_references
from ...transfer_format.reader import set_synthetic_dates
from ...transfer_format.writer import without_register_fields

PROVIDER_KINDS = (OrganisationKind.EDUCATION_PROVIDER, OrganisationKind.EARLY_EDUCATION_PROVIDER)


@dataclass
class ResolvedStudyRight:
    data: object
    institution: Organisation | None
    provider: Organisation | None
    document: dict
    existing: StudyRight | None = None


@dataclass
class Resolution:
    submission: object
    learner: Learner | None
    learner_ids: list
    study_rights: list = field(default_factory=list)


def resolve(submission):
    """Return the Resolution of a Submission, or raise RegisterError naming every unresolved reference."""
    problems = []
    codes = resolve_codes(submission, problems)
    organisations = resolve_organisations(submission, problems)
    learner = resolve_learner(submission.person, problems)
    if problems:
        raise RegisterError(problems)

    learner_ids = learner_ids_with_merged(learner) if learner else []
    resolution = Resolution(submission=submission, learner=learner, learner_ids=learner_ids)
    for data in submission.study_rights:
        resolved = resolve_study_right(data, learner_ids, organisations, codes, problems)
        if resolved is not None:
            resolution.study_rights.append(resolved)
    if problems:
        raise RegisterError(problems)
    return resolution


def resolve_codes(submission, problems):
    """Return the codes the study rights reference, keyed by (code set URI, value); report unknown ones."""
    references = [
        reference
        for data in submission.study_rights
        for reference in code_references(data.document, data.path)
    ]
    wanted = defaultdict(set)
    for _path, code_set_uri, value, _node in references:
        wanted[code_set_uri].add(value)
    if not wanted:
        return {}
    query = reduce(or_, (Q(code_set_uri=uri, value__in=values) for uri, values in wanted.items()))
    codes = {(code.code_set_uri, code.value): code for code in Code.objects.filter(query)}
    for path, code_set_uri, value, _node in references:
        if (code_set_uri, value) not in codes:
            problems.append(errors.UNKNOWN_CODE(path=path, value=value, code_set=code_set_uri))
    return codes


def resolve_organisations(submission, problems):
    """Return the organisations the study rights name and their ancestors, keyed by OID; report unknown ones."""
    references = [
        reference
        for data in submission.study_rights
        for reference in organisation_references(data.document, data.path)
    ]
    oids = {oid for _path, oid, _node in references}
    organisations = {organisation.oid: organisation for organisation in Organisation.objects.filter(oid__in=oids)}
    for path, oid, _node in references:
        if oid not in organisations:
            problems.append(errors.UNKNOWN_ORGANISATION(path=path, value=oid))

    ancestor_oids = {oid for organisation in organisations.values() for oid in organisation.ancestor_oids}
    missing = ancestor_oids - organisations.keys()
    organisations.update({organisation.oid: organisation for organisation in Organisation.objects.filter(oid__in=missing)})
    return organisations


def resolve_learner(person, problems):
    """Return the existing learner `person` names, locked for this transaction, or None for a new one."""
    by_code = None
    if person.identity_code:
        by_code = locked_learner_by_identity_code(person.identity_code)

    if person.oid:
        learner = _locked_learner(oid=person.oid)
        if learner is None:
            if by_code is not None:
                problems.append(errors.CONFLICT_IDENTITY_CODE(path=child(person.path, "hetu"), value=by_code.oid))
            elif not (person.identity_code and person.has_names):
                problems.append(errors.LEARNER_NOT_FOUND(path=child(person.path, "oid"), value=person.oid))
            return None
        if by_code is not None and by_code.pk != learner.pk:
            problems.append(errors.CONFLICT_IDENTITY_CODE(path=child(person.path, "hetu"), value=by_code.oid))
        elif person.identity_code and by_code is None and learner.identity_code_hash:
            problems.append(errors.INCOMPLETE_PERSON(
                path=child(person.path, "hetu"),
                problem=gettext(
                    "the learner %(oid)s has another personal identity code; check the OID and the code"
                ) % {"oid": learner.oid},
            ))
        return learner

    if by_code is None and not person.has_names:
        problems.append(errors.INCOMPLETE_PERSON(
            path=person.path,
            problem=gettext("no learner has this personal identity code; send etunimet and sukunimi to create the learner"),
        ))
    return by_code


def _locked_learner(**lookup):
    learner = Learner.objects.select_for_update().filter(**lookup).first()
    if learner is not None and learner.master_id is not None:
        learner = Learner.objects.select_for_update().get(pk=learner.master_id)
    return learner


def locked_learner_by_identity_code(code):
    """Return the learner of `code`, locked, following a merge to its master; a replaced code still finds it."""
    hashes = identity_codes.lookup_hashes(code)
    learner = _locked_learner(identity_code_hash__in=hashes)
    if learner is None:
        former = FormerIdentityCode.objects.filter(identity_code_hash__in=hashes).values_list("learner_id", flat=True).first()
        if former is not None:
            learner = _locked_learner(pk=former)
    return learner


def resolve_study_right(data, learner_ids, organisations, codes, problems):
    institution = organisations.get(data.institution_oid) if data.institution_oid else None
    units = [organisations[oid] for oid in data.unit_oids if oid in organisations]
    if institution is None:
        institution = next(filter(None, (nearest(unit, organisations, (OrganisationKind.INSTITUTION,)) for unit in units)), None)
    if institution is None and not (data.type == "esiopetus" and units):
        problems.append(errors.INSTITUTION_MISSING(path=child(data.path, "oppilaitos")))
        return None

    provider = organisations.get(data.provider_oid) if data.provider_oid else None
    if provider is None:
        start = institution or units[0]
        provider = nearest(start, organisations, PROVIDER_KINDS)
        if provider is None:
            problems.append(errors.PROVIDER_UNKNOWN(path=child(data.path, "koulutustoimija"), value=start.oid))
            return None

    document = prepare_document(data, institution, provider, organisations, codes)
    resolved = ResolvedStudyRight(data=data, institution=institution, provider=provider, document=document)

    if data.parent_study_right_oid and not StudyRight.objects.filter(oid=data.parent_study_right_oid).exists():
        problems.append(errors.PARENT_STUDY_RIGHT_NOT_FOUND(
            path=child(child(data.path, "sisältyyOpiskeluoikeuteen"), "oid"), value=data.parent_study_right_oid,
        ))
    find_stored(resolved, learner_ids, problems)
    if resolved.existing is None and lifecycle.is_invalidation(document):
        problems.append(errors.NEW_STUDY_RIGHT_INVALIDATED(path=child(child(data.path, "tila"), "opiskeluoikeusjaksot")))
    return resolved


def nearest(organisation, organisations, kinds):
    """Return `organisation` or its nearest ancestor whose kind is one of `kinds`, or None."""
    chain = [organisation, *(organisations.get(oid) for oid in reversed(organisation.ancestor_oids))]
    for candidate in chain:
        if candidate is None:
            return None
        if candidate.kind in kinds:
            return candidate
    return None


def prepare_document(data, institution, provider, organisations, codes):
    """Return the document as it will be stored: without register fields, names filled in.

    The organisation history is the register's: the store step puts the stored one back on an update.
    """
    document = copy_document(lifecycle.without_organisation_history(without_register_fields(data.document)))
    set_synthetic_dates(document)
    if institution is not None and not data.institution_oid:
        enrich.fill_institution(document, institution)
    if not data.provider_oid:
        enrich.fill_provider(document, provider)
    enrich.enrich_names(document, codes, organisations)
    return document


def find_stored(resolved, learner_ids, problems):
    """Find the stored study right a document updates, by OID or by source id.

    The same source id under another learner is a different study right. A document with neither
    finds nothing here; the duplicate rule of the validate step compares it with the stored ones.
    """
    data = resolved.data
    if data.oid:
        stored = StudyRight.objects.select_for_update().filter(oid=data.oid).first()
        if stored is None or stored.invalidated:
            problems.append(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path=child(data.path, "oid"), value=data.oid))
        elif stored.learner_id not in learner_ids:
            problems.append(errors.FORBIDDEN_LEARNER_CHANGE(path=child(data.path, "oid"), value=data.oid))
        else:
            resolved.existing = stored
        return

    if not learner_ids:
        return
    candidates = StudyRight.objects.select_for_update().filter(learner_id__in=learner_ids, invalidated=False)
    if data.source_id:
        matches = list(candidates.filter(
            institution=resolved.institution, source_system=data.source_system, source_id=data.source_id,
        ))
        if len(matches) > 1:
            problems.append(errors.CONFLICT_AMBIGUOUS(
                path=child(data.path, "lähdejärjestelmänId"), value=", ".join(match.oid for match in matches),
            ))
        elif matches:
            resolved.existing = matches[0]
        return

