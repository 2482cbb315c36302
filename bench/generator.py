"""Synthetic learners and study rights in the national transfer format, deterministic by seed.

Learner `index` gets the same identity code, OID, names and study rights for the same seed and
templates, whatever range is generated. So the loader can split a population into chunks, and
the HTTP benchmark can send learners the loader never wrote (indexes above the loaded population).

Identity codes are in the synthetic test range: individual numbers 900-999, a hundred per date
of birth from 1 January 1975 on, so index i is born i // 100 days after that date. The study
rights copy the templates' dates, so they do not follow the learner's age.
"""

import copy
import datetime
import random
from dataclasses import dataclass

from registry import identity_codes
from registry.oids import LEARNER_NODE, OID_ROOT, STUDY_RIGHT_NODE, check_digit

from .templates import ALL_KINDS, HTTP_KINDS

FIRST_BIRTH_DATE = datetime.date(1975, 1, 1)
# OID numbers of the synthetic data: 10 digits, so they keep the national shape, in ranges apart
# from each other. Random OIDs that the register generates may fall in these ranges, and
# `_unused_oid` in the ingest store skips any OID that exists.
LEARNER_OID_BASE = 2_000_000_000
STUDY_RIGHT_OID_BASE = 3_000_000_000
MAX_STUDY_RIGHTS = 5
# How many study rights a learner has, with the share of learners: most have one, a few have the
# whole path from pre-primary to higher education. Real learners have more study rights on
# average, but fewer keep a million learners within the disk and loading time of one benchmark machine.
STUDY_RIGHT_COUNTS = ((1, 0.95), (2, 0.04), (5, 0.01))
SOURCE_SYSTEM_ID = "lähdejärjestelmänId"
# The source system (code set `lahdejarjestelma`) whose provider client sends each kind through
# the API. The samples name none, so the generator adds one to each study right it sends.
SENT_SOURCE_SYSTEMS = {"basic": "primus", "pre_primary": "primus", "upper_secondary": "primus",
                       "vocational": "winnova"}

FIRST_NAMES = ("Aino", "Eino", "Helmi", "Onni", "Sofia", "Leo", "Ella", "Väinö", "Olivia", "Elias", "Aada",
               "Oliver", "Lilja", "Toivo", "Venla", "Eetu", "Kerttu", "Aleksi", "Iida", "Niilo")
LAST_NAMES = ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
              "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
              "Heikkilä", "Kinnunen", "Salonen", "Turunen")


@dataclass(frozen=True)
class SyntheticStudyRight:
    serial: int
    oid: str
    source_id: str
    template: object

    def stored_document(self):
        """Return the document as the register stores it: the template's, with this study right's source id."""
        document = self.template.document
        if SOURCE_SYSTEM_ID not in document:
            return document
        return {**document, SOURCE_SYSTEM_ID: {**document[SOURCE_SYSTEM_ID], "id": self.source_id}}

    @property
    def column_source_id(self):
        return self.source_id if SOURCE_SYSTEM_ID in self.template.document else self.template.source_id

    @property
    def sent_source_system(self):
        return SENT_SOURCE_SYSTEMS[self.template.kind]

    def sent_study_right(self):
        """Return the study right as a provider system sends it: no OID, this study right's source id."""
        sent = copy.deepcopy(self.template.sent_study_right)
        sent[SOURCE_SYSTEM_ID] = {
            "id": self.source_id,
            "lähdejärjestelmä": {"koodiarvo": self.sent_source_system, "koodistoUri": "lahdejarjestelma"},
        }
        return sent


@dataclass(frozen=True)
class SyntheticLearner:
    index: int
    oid: str
    identity_code: str
    first_names: str
    calling_name: str
    last_name: str
    birth_date: datetime.date
    study_rights: tuple

    def person(self):
        """Return the `henkilö` of a new learner as a provider sends it."""
        return {"hetu": self.identity_code, "etunimet": self.first_names, "kutsumanimi": self.calling_name,
                "sukunimi": self.last_name}


class Population:
    """A synthetic population drawn from `templates` ({kind: [Template]}) by `seed`.

    `shares` maps each kind to its share of study rights; by default the whole register's mix.
    """

    def __init__(self, templates, *, seed, shares=None, counts=STUDY_RIGHT_COUNTS):
        self.seed = seed
        self.counts = counts
        self.templates = templates
        shares = shares or ALL_KINDS
        self.kinds = [kind for kind in shares if templates.get(kind)]
        self.weights = [shares[kind] for kind in self.kinds]

    @classmethod
    def for_http(cls, templates, *, seed):
        """Return a population of the kinds providers send through the API, weighted by their national shares.

        Each learner has one study right, because a provider system sends the study rights of its
        own organisation only.
        """
        return cls(templates, seed=seed, shares={kind: share for kind, (share, _) in HTTP_KINDS.items()},
                   counts=((1, 1.0),))

    def learner(self, index):
        rng = random.Random(f"{self.seed}:{index}")
        count = rng.choices([count for count, _ in self.counts], [share for _, share in self.counts])[0]
        study_rights = tuple(self._study_right(index * MAX_STUDY_RIGHTS + position, rng) for position in range(count))
        birth = FIRST_BIRTH_DATE + datetime.timedelta(days=index // 100)
        first_name = rng.choice(FIRST_NAMES)
        return SyntheticLearner(
            index=index,
            oid=oid_of(LEARNER_NODE, LEARNER_OID_BASE + index),
            identity_code=identity_codes.compose(birth, 900 + index % 100),
            first_names=f"{first_name} {rng.choice(FIRST_NAMES)}",
            calling_name=first_name,
            last_name=rng.choice(LAST_NAMES),
            birth_date=birth,
            study_rights=study_rights,
        )

    def learners(self, start, stop):
        for index in range(start, stop):
            yield self.learner(index)

    def learner_document(self, learner):
        """Return the learner document a provider sends for `learner`: a new person and its study rights."""
        return {"henkilö": learner.person(),
                "opiskeluoikeudet": [study_right.sent_study_right() for study_right in learner.study_rights]}

    def _study_right(self, serial, rng):
        kind = rng.choices(self.kinds, self.weights)[0]
        template = rng.choice(self.templates[kind])
        return SyntheticStudyRight(
            serial=serial, oid=oid_of(STUDY_RIGHT_NODE, STUDY_RIGHT_OID_BASE + serial),
            source_id=f"bench-{self.seed}-{serial}", template=template,
        )


def oid_of(node, number):
    return f"{OID_ROOT}.{node}.{number}{check_digit(node, number)}"
