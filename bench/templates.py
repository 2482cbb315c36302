"""Template study rights for the synthetic national data: real samples, stored by the register's own services.

Each template is a sample document of the national transfer format (or a VIRTA or YTR record)
stored through the same code as the API and the imports, inside a transaction that is rolled
back. What the register stored is kept: the enriched document, the institution and provider,
and the learner document that was sent. The generator and the loader copy these, so the
synthetic data holds the code values, organisations and qualification structures that the
register itself resolved from the loaded reference data.
"""

import copy
import datetime
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from registry import identity_codes
from registry.middleware import system_audit_scope
from registry.errors import RegisterError
from registry.models import Organisation, StudyRight, VersionSource
from registry.services.imports.virta.client import VirtaDirectory
from registry.services.imports.virta.run import import_virta
from registry.services.imports.ytr.client import YtrDirectory
from registry.services.imports.ytr.run import import_ytr
from registry.services.ingest import store_learner_document

logger = logging.getLogger(__name__)

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "samples"

# Kinds of study right with the sample files that stand for them and the share of each kind in
# the synthetic data. The shares are an estimate from the approximate number of students of each
# kind in Finland in the 2020s (basic education about 560,000, vocational 330,000, higher
# education 300,000, general upper secondary 110,000, pre-primary 60,000, matriculation
# examinations about 30,000 a year), rounded.
HTTP_KINDS = {
    "basic": (0.48, ["perusopetuksenoppimaara-ysiluokkalainen.json", "perusopetuksenoppimaara-paattotodistus.json",
                     "perusopetuksenlisaopetus.json"]),
    "vocational": (0.30, ["ammatillinen-reforminmukainenperustutkinto.json",
                          "ammatillinen-reforminmukainenperustutkinto2022.json", "ammatillinen-perustutkinto.json",
                          "ammatillinen-erikoisammattitutkinto.json", "ammatillinen-tutkinnonosa.json"]),
    "upper_secondary": (0.12, ["lukioops2019-oppimaara.json", "lukio-paattotodistus.json", "lukio-uusi.json"]),
    "pre_primary": (0.10, ["esiopetusvalmis.json"]),
}
# Institution types (code set `oppilaitostyyppi`) whose institutions the generator spreads each
# kind over: peruskoulut 11, peruskouluasteen erityiskoulut 12, perus- ja lukioasteen koulut 19,
# lukiot 15, ammatilliset oppilaitokset 21.
INSTITUTION_TYPES = {"basic": ("11", "12", "19"), "pre_primary": ("11", "19"), "upper_secondary": ("15", "19"),
                     "vocational": ("21",)}
# How many institutions each sample is stored under. With about 1.2 M study rights, the largest
# provider then holds roughly 100 k, the size the admin-list target names.
INSTITUTIONS_PER_SAMPLE = 12

# The shares of the whole register, where higher education (VIRTA) and the matriculation
# examination (YTR) come from imports and only the loader writes them.
ALL_KINDS = {
    "basic": 0.40, "vocational": 0.24, "higher_education": 0.22, "upper_secondary": 0.08,
    "pre_primary": 0.04, "matriculation": 0.02,
}


@dataclass
class Template:
    """One stored study right to copy: its kind, sample name, stored document and organisations."""

    kind: str
    name: str
    type: str
    document: dict
    institution_id: int | None
    provider_id: int | None
    parent_institution_id: int | None
    state: str
    start_date: object
    end_date: object
    source_system: str
    source_id: str
    sent_study_right: dict | None

    @property
    def stored_bytes(self):
        return len(json.dumps(self.document, ensure_ascii=False).encode())


class _Rollback(Exception):
    pass


def build_templates(kinds=None):
    """Return {kind: [Template]} for `kinds` (by default all), storing the samples in a rolled-back transaction."""
    kinds = kinds or list(ALL_KINDS)
    templates = {}
    try:
        with transaction.atomic(), system_audit_scope("bench_templates"):
            user = get_user_model().objects.create_superuser("bench-template-writer", password=None)
            for kind in kinds:
                templates[kind] = _store_kind(kind, user)
            raise _Rollback
    except _Rollback:
        pass
    return templates


def _store_kind(kind, user):
    newer = {"id__gt": StudyRight.objects.order_by("-id").values_list("id", flat=True).first() or 0}
    if kind == "higher_education":
        import_virta(VirtaDirectory(SAMPLES / "virta" / "opintotiedot"))
        return _stored(kind, "virta", StudyRight.objects.filter(type="korkeakoulutus", **newer), None)
    if kind == "matriculation":
        import_ytr(YtrDirectory(SAMPLES / "ytr"))
        return _stored(kind, "ytr", StudyRight.objects.filter(type="ylioppilastutkinto", **newer), None)
    result = []
    institutions = _round_robin_by_provider(
        Organisation.objects.filter(kind="institution", institution_type__in=INSTITUTION_TYPES[kind], parent__kind="provider")
        .order_by("oid").values_list("parent_id", "oid")
    )
    for number, name in enumerate(HTTP_KINDS[kind][1]):
        for institution_oid in _spread(institutions, INSTITUTIONS_PER_SAMPLE, offset=number):
            document = sample_document(name, len(result) % 100, institution_oid)
            try:
                with transaction.atomic():
                    stored = store_learner_document(copy.deepcopy(document), user=user, source=VersionSource.DEMO)
            except RegisterError as error:
                logger.warning("bench_template_rejected name=%s institution_oid=%s keys=%s", name, institution_oid,
                               ",".join(problem.key.key for problem in error.errors))
                continue
            oids = [item.study_right.oid for item in stored.study_rights]
            result += _stored(kind, name, StudyRight.objects.filter(oid__in=oids), document)
    return result


def _round_robin_by_provider(pairs):
    """Return institution OIDs ordered so that consecutive ones belong to different providers where possible."""
    by_provider = {}
    for provider_id, oid in pairs:
        by_provider.setdefault(provider_id, []).append(oid)
    ordered = []
    for rank in range(max((len(oids) for oids in by_provider.values()), default=0)):
        ordered += [oids[rank] for oids in by_provider.values() if rank < len(oids)]
    return ordered


def _spread(items, count, offset):
    """Return `count` consecutive items of `items`, starting `offset` items in and wrapping round."""
    return [items[(position + offset) % len(items)] for position in range(min(count, len(items)))]


def sample_document(name, number=0, institution_oid=None):
    """Return a sample learner document, its person replaced by a synthetic one (`number` picks the code).

    With `institution_oid`, its study rights move to that institution: the provider is left for
    the register to fill in from the hierarchy, and every top-level achievement's unit becomes
    the institution.
    """
    document = json.loads((SAMPLES / "koski" / name).read_text(encoding="utf-8"))
    if institution_oid:
        for study_right in document["opiskeluoikeudet"]:
            study_right["oppilaitos"] = {"oid": institution_oid}
            study_right.pop("koulutustoimija", None)
            for achievement in study_right.get("suoritukset", []):
                if "toimipiste" in achievement:
                    achievement["toimipiste"] = {"oid": institution_oid}
    # Born before the first synthetic learner (generator.FIRST_BIRTH_DATE), so no loaded learner has the code.
    code = identity_codes.compose(datetime.date(1970, 1, 1), 900 + number)
    document["henkilö"] = {"hetu": code, "etunimet": "Malli", "kutsumanimi": "Malli", "sukunimi": "Mallinen"}
    return document


def _stored(kind, name, queryset, sent):
    result = []
    for position, study_right in enumerate(queryset.order_by("id")):
        sent_study_right = None
        if sent is not None:
            sent_study_right = sent["opiskeluoikeudet"][position]
        result.append(Template(
            kind=kind, name=f"{name}#{position}", type=study_right.type, document=study_right.document,
            institution_id=study_right.institution_id, provider_id=study_right.provider_id,
            parent_institution_id=study_right.parent_institution_id, state=study_right.state,
            start_date=study_right.start_date, end_date=study_right.end_date,
            source_system=study_right.source_system, source_id=study_right.source_id,
            sent_study_right=sent_study_right,
        ))
    return result
