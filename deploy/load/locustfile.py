"""Locust users of the load test: provider systems writing, authorities looking up, citizens and officials reading.

deploy/load/run starts it headless against gunicorn on loopback. The users share the credentials
that deploy/load/prepare.py wrote (TOR_LOAD_CREDENTIALS). Every write the register acknowledges
is listed with its study right OID and version in TOR_LOAD_ACKNOWLEDGED when the run stops, so
deploy/load/check_acknowledged.py can prove afterwards that none of them was lost.

The weights give about one write for every two reads. The reads are split between authority
lookups, citizens' own-record pages and officials' admin lists. Each user waits 0.2–1 s between
its requests.
"""

import copy
import datetime
import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PROJECT = Path(__file__).resolve().parent.parent.parent
SAMPLE = PROJECT.parent / "shared" / "samples" / "koski" / "tiedonsiirto-onnistunut.json"
CREDENTIALS = json.loads(Path(os.environ["TOR_LOAD_CREDENTIALS"]).read_text())
TEMPLATE = json.loads(SAMPLE.read_text(encoding="utf-8"))
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Acknowledged writes: study right OID -> the highest version the register returned.
acknowledged = {}
_sequence = itertools.count()


def synthetic_identity_code(number):
    """Return a valid identity code with an individual number 900-999 (test range), distinct for each `number` below 3.6 M."""
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=number // 100)
    individual = 900 + number % 100
    digits = f"{birth:%d%m%y}{individual:03d}"
    century = "-" if birth.year < 2000 else "A"
    return f"{birth:%d%m%y}{century}{individual:03d}{CHECK_CHARACTERS[int(digits) % 31]}"


def new_learner_document(run_id, number):
    document = copy.deepcopy(TEMPLATE)
    document["henkilö"] = {
        "hetu": synthetic_identity_code(number), "etunimet": "Kuorma Testi", "kutsumanimi": "Kuorma",
        "sukunimi": "Testaaja",
    }
    study_right = document["opiskeluoikeudet"][0]
    study_right["oppilaitos"] = {"oid": CREDENTIALS["institution"]}
    study_right["lähdejärjestelmänId"]["id"] = f"load-{run_id}-{number}"
    return document


def token(client, credentials):
    response = client.post(
        "/oauth2/token/", data={"grant_type": "client_credentials"},
        auth=(credentials["client_id"], credentials["client_secret"]), name="oauth2 token",
    )
    response.raise_for_status()
    return response.json()["access_token"]


def remember(answer):
    for study_right in answer.get("opiskeluoikeudet", []):
        oid, version = study_right.get("oid"), study_right.get("versionumero")
        if oid and version:
            acknowledged[oid] = max(version, acknowledged.get(oid, 0))


class ProviderSystem(HttpUser):
    """A student administration system: new learners, and changes to the study rights it sent before."""

    weight = 3
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.headers = {"Authorization": f"Bearer {token(self.client, CREDENTIALS['provider'])}"}
        self.sent = []
        self.run_id = os.environ.get("TOR_LOAD_RUN_ID", "run")

    @task(2)
    def send_new_learner(self):
        document = new_learner_document(self.run_id, next(_sequence))
        with self.client.put("/api/v1/oppija", json=document, headers=self.headers, name="provider: new learner",
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}: {response.text[:300]}")
                return
            answer = response.json()
            remember(answer)
            document["opiskeluoikeudet"][0]["oid"] = answer["opiskeluoikeudet"][0]["oid"]
            self.sent.append(document)

    @task(1)
    def change_study_right(self):
        if not self.sent:
            return
        document = random.choice(self.sent)
        study_right = document["opiskeluoikeudet"][0]
        # Each change adds or removes the part-time periods, so every write makes a new version.
        if "lisätiedot" in study_right:
            del study_right["lisätiedot"]
        else:
            study_right["lisätiedot"] = {"osaAikaisuusjaksot": []}
        with self.client.put("/api/v1/oppija", json=document, headers=self.headers, name="provider: change",
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}: {response.text[:300]}")
                return
            remember(response.json())


class Authority(HttpUser):
    """An authority's system looking up single learners under its agreement."""

    weight = 2
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.headers = {"Authorization": f"Bearer {token(self.client, CREDENTIALS['authority'])}"}

    @task
    def look_up_learner(self):
        body = {"oppijat": [{"oid": random.choice(CREDENTIALS["learners"])}]}
        self.client.post("/api/v1/luovutus/oppijat", json=body, headers=self.headers, name="authority: lookup")


class Citizen(HttpUser):
    """A citizen logged in through the test identification page, reading the own-record page."""

    weight = 2
    wait_time = between(0.2, 1.0)

    def on_start(self):
        page = self.client.get("/omat-tiedot/testitunnistautuminen/", name="citizen: identification page")
        csrf = CSRF_FIELD.search(page.text).group(1)
        self.client.post(
            "/omat-tiedot/testitunnistautuminen/", name="citizen: log in",
            data={"csrfmiddlewaretoken": csrf, "learner": random.choice(CREDENTIALS["learners"])},
            headers={"Referer": self.host + "/omat-tiedot/testitunnistautuminen/"},
        )

    @task
    def own_record(self):
        self.client.get("/omat-tiedot/", name="citizen: own record")


class Official(HttpUser):
    """A provider official and the registry administrator browsing the admin's lists."""

    weight = 1
    wait_time = between(0.2, 1.0)

    def on_start(self):
        login = random.choice([CREDENTIALS["official"], CREDENTIALS["administrator"]])
        page = self.client.get("/admin/login/", name="admin: login page")
        csrf = CSRF_FIELD.search(page.text).group(1)
        self.client.post(
            "/admin/login/?next=/admin/", name="admin: log in",
            data={"csrfmiddlewaretoken": csrf, "username": login["username"], "password": login["password"],
                  "next": "/admin/"},
            headers={"Referer": self.host + "/admin/login/"},
        )

    @task(2)
    def study_right_list(self):
        self.client.get("/admin/registry/studyright/", name="admin: study right list")

    @task(1)
    def learner_list(self):
        self.client.get("/admin/registry/learner/", name="admin: learner list")


@events.test_stop.add_listener
def write_acknowledged(environment, **kwargs):
    path = os.environ.get("TOR_LOAD_ACKNOWLEDGED")
    if path:
        Path(path).write_text(json.dumps(acknowledged, indent=0, sort_keys=True))
