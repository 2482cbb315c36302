"""Write the register's data out in the national transfer format."""

from django.utils import timezone

from .reader import PERSON, STUDY_RIGHTS

# Fields of a study right that the register manages; a document stores none of them.
REGISTER_MANAGED_FIELDS = ("oid", "versionumero", "aikaleima")


def without_register_fields(study_right_document):
    return {key: value for key, value in study_right_document.items() if key not in REGISTER_MANAGED_FIELDS}


def format_timestamp(moment):
    """Return a timestamp as the national format writes it: local Finnish time without a zone."""
    return timezone.localtime(moment).replace(tzinfo=None).isoformat()


def version_timestamp(row):
    """Return the aikaleima of a StudyRightVersion: the imported text when the national service wrote it."""
    return row.imported_timestamp or format_timestamp(row.created_at)


def study_right_document(study_right, document=None, *, version=None, timestamp=None, timestamp_text=""):
    """Return a study right in the transfer format, its register-managed fields first.

    Without `version` the current version is written, with the aikaleima imported from the
    national service when the current version came from there. A caller that writes an older
    version passes its number, `timestamp` and, for an imported version, `timestamp_text`.
    """
    if version is None and timestamp is None:
        timestamp_text = study_right.imported_timestamp
    return {
        "oid": study_right.oid,
        "versionumero": version if version is not None else study_right.version,
        "aikaleima": timestamp_text or format_timestamp(timestamp or study_right.updated_at),
        **(document if document is not None else study_right.document),
    }


def history_entry(study_right, row, *, with_change, versions_not_held=None):
    """Return one version of the history list as the national service's history API writes it.

    `versions_not_held` is (first, last) of the versions before this one that the register does not
    hold, because the study right was imported from the national service without them. Only the
    first version held gets it.
    """
    entry = {
        "opiskeluoikeusOid": study_right.oid,
        "versionumero": row.version,
        "aikaleima": version_timestamp(row),
        "kayttaja": row.author_name,
        "lähde": row.source,
    }
    if with_change:
        entry["muutos"] = row.patch
    if versions_not_held is not None:
        entry["puuttuvatVersiot"] = {"alku": versions_not_held[0], "loppu": versions_not_held[1]}
    return entry


def person_document(learner, identity_code=""):
    person = {"oid": learner.oid}
    if identity_code:
        person["hetu"] = identity_code
    if learner.birth_date:
        person["syntymäaika"] = learner.birth_date.isoformat()
    person["etunimet"] = learner.first_names
    person["kutsumanimi"] = learner.calling_name or learner.first_names.split(" ")[0]
    person["sukunimi"] = learner.last_name
    if learner.mother_tongue:
        person["äidinkieli"] = {"koodiarvo": learner.mother_tongue, "koodistoUri": "kieli"}
    person["turvakielto"] = learner.non_disclosure
    return person


def learner_document(learner, study_rights, identity_code="", documents=None):
    """Return a learner and study rights; `documents`, when given, replaces each study right's stored document."""
    documents = documents if documents is not None else [study_right.document for study_right in study_rights]
    return {
        PERSON: person_document(learner, identity_code),
        STUDY_RIGHTS: [study_right_document(study_right, document) for study_right, document in zip(study_rights, documents)],
    }


def learner_document_for_edit(learner, study_right_document):
    """Return a learner document that sends one edited study right for `learner`, named by OID only."""
    return {PERSON: {"oid": learner.oid}, STUDY_RIGHTS: [study_right_document]}


def store_result_document(learner_oid, study_rights):
    """Return the response to a write: the learner's OID and each study right's OID, version and source id."""
    items = []
    for study_right in study_rights:
        entry = {"oid": study_right.oid, "versionumero": study_right.version}
        source = study_right.document.get("lähdejärjestelmänId")
        if source is not None:
            entry["lähdejärjestelmänId"] = source
        items.append(entry)
    return {PERSON: {"oid": learner_oid}, STUDY_RIGHTS: items}
