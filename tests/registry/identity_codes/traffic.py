"""Requests that carry personal identity codes into the register, for the tests that look for leaks.

Every sample document goes in through the HTTP API as its own learner, and so do documents and
bodies that are rejected with an identity code inside: invalid codes, codes in the wrong field,
codes as JSON keys and bodies that are not JSON at all. `SentCodes` remembers every code sent.
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from registry import identity_codes
from tests import documents, samples
from tests.factories import synthetic_identity_code

API = "/api/v1/oppija"
BATCH_API = "/api/v1/oppija/batch"
SEARCH = reverse("admin:registry_learner_identity_code_search")
CHANGELIST = reverse("admin:registry_learner_changelist")


@dataclass
class SentCodes:
    """The identity codes a test sent, valid or not, each also in lower case."""

    codes: list = field(default_factory=list)

    def new(self):
        return self.add(synthetic_identity_code())

    def add(self, code):
        self.codes.append(code)
        return code

    def pattern(self):
        """Return a regular expression that finds any code sent, in any letter case."""
        return re.compile("|".join(re.escape(code.strip()) for code in self.codes), re.IGNORECASE)

    def found_in(self, text):
        """Return the identity codes in `text`: the codes sent, and every IDENTITY_CODE_PATTERN match that is valid.

        A match that fails validation is another identifier of the same shape, such as the diary
        number 992455-2017 of a qualification description, unless the test sent it as a code.
        """
        found = set(self.pattern().findall(text))
        for match in identity_codes.IDENTITY_CODE_PATTERN.findall(text):
            try:
                identity_codes.validate(match, allow_synthetic=True)
            except identity_codes.InvalidIdentityCode:
                continue
            found.add(match)
        return sorted(found)


def every_sample_name():
    return sorted(path.name for path in samples.KOSKI.glob("*.json"))


@dataclass
class SentSample:
    name: str
    identity_code: str
    status: int


def send_every_sample(writer, sent):
    """PUT every sample, supported or not, as a learner of its own; return a SentSample for each."""
    results = []
    for name in every_sample_name():
        code = sent.new()
        response = writer.put(API, samples.with_own_learner(samples.load(name), code))
        results.append(SentSample(name, code, response.status_code))
    return results


def with_invalid_check_character(code):
    wrong = next(character for character in identity_codes.CHECK_CHARACTERS if character != code[-1])
    return code[:-1] + wrong


def with_invalid_date(code):
    return "32" + code[2:]


def send_accepted_variants(writer, sent):
    """Send valid codes written as systems write them: in lower case and with spaces around. Return the statuses."""
    lower_case = sent.add(synthetic_identity_code().lower())
    padded = sent.add(f" {synthetic_identity_code()} ")
    return [
        writer.put(API, documents.vocational(identity_code=lower_case)).status_code,
        writer.put(API, documents.vocational(identity_code=padded)).status_code,
    ]


def send_rejected_documents(writer, sent):
    """Send documents that are rejected after parsing, each with an identity code somewhere; return the statuses."""
    cases = []

    cases.append(documents.vocational(identity_code=sent.add(with_invalid_check_character(sent.new()))))
    cases.append(documents.vocational(identity_code=sent.add(with_invalid_date(sent.new()))))

    code_only = documents.vocational(identity_code=sent.new())
    code_only["henkilö"] = {"hetu": code_only["henkilö"]["hetu"]}
    cases.append(code_only)

    code_as_name = documents.vocational(identity_code=sent.new())
    code_as_name["henkilö"]["sukunimi"] = sent.new()
    code_as_name["henkilö"]["etunimet"] = sent.new()
    documents.study_right(code_as_name)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"
    cases.append(code_as_name)

    code_as_key = documents.vocational(identity_code=sent.new())
    documents.study_right(code_as_key)[sent.new()] = True
    cases.append(code_as_key)

    code_as_source_system = documents.vocational(identity_code=sent.new())
    documents.study_right(code_as_source_system)["lähdejärjestelmänId"]["lähdejärjestelmä"]["koodiarvo"] = sent.new()
    cases.append(code_as_source_system)

    code_as_oid = documents.vocational(identity_code=None)
    code_as_oid["henkilö"] = {"oid": sent.new()}
    cases.append(code_as_oid)

    return [writer.put(API, document).status_code for document in cases]


def nested_too_deep(code):
    """Return JSON text of the code inside lists nested deeper than TOR_MAX_DOCUMENT_DEPTH allows."""
    depth = settings.TOR_MAX_DOCUMENT_DEPTH + 2
    return "[" * depth + json.dumps(code) + "]" * depth


def send_unparseable_bodies(writer, sent):
    """Send bodies that fail to parse, each holding an identity code; return the statuses."""
    truncated = json.dumps(documents.vocational(identity_code=sent.new()), ensure_ascii=False)[:-40]
    bodies = [
        truncated.encode("utf-8"),
        f"hetu={sent.new()}&sukunimi=Virtanen".encode(),
        f'{{"henkilö": {{"hetu": "{sent.new()}", "sukunimi": "Virtanen\xe4"}}}}'.encode("latin-1"),
        f'{{"{sent.new()}": 1, "{sent.codes[-1]}": 2}}'.encode(),
        f'{{"henkilö": {{"hetu": "{sent.new()}"}}, "x": NaN}}'.encode(),
        nested_too_deep(sent.new()).encode(),
    ]
    return [writer.put(API, body).status_code for body in bodies]


def send_batch(writer, sent):
    """Send a batch of one accepted and one rejected learner and a batch body that is no list; return the statuses."""
    rejected = documents.vocational(identity_code=sent.add(with_invalid_check_character(sent.new())))
    return [
        writer.put(BATCH_API, [documents.vocational(identity_code=sent.new()), rejected]).status_code,
        writer.put(BATCH_API, {"henkilö": {"hetu": sent.new()}}).status_code,
    ]


def read_with_code_in_path(writer, sent):
    """GET a learner with an identity code where the OID belongs, a client's mistake that the API must survive."""
    return writer.get(f"{API}/{sent.new()}").status_code


def use_admin_search(client, sent, known_code):
    """Search the admin by identity code: a known code, an unknown one, an invalid one, and a GET with a code."""
    return [
        client.post(SEARCH, {"identity_code": known_code}).status_code,
        client.post(SEARCH, {"identity_code": sent.new()}).status_code,
        client.post(SEARCH, {"identity_code": sent.add(with_invalid_check_character(sent.new()))}).status_code,
        client.get(CHANGELIST, {"q": sent.new()}).status_code,
    ]
