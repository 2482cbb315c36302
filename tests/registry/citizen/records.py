"""Helpers of the citizen page tests: samples stored through the API, a logged-in citizen, the text of a PDF."""

import io

from pypdf import PdfReader

from registry.citizen.session import SESSION_KEY
from registry.models import StudyRight
from tests import samples


def store(api, admin_user, sample, identity_code, change=None):
    """Send a sample as the learner with `identity_code` and return the OIDs of the stored study rights."""
    document = samples.with_own_learner(samples.load(sample), identity_code)
    if change is not None:
        change(document["opiskeluoikeudet"][0])
    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    return [study_right["oid"] for study_right in response.json()["opiskeluoikeudet"]]


def log_in(client, learner_oid):
    session = client.session
    session[SESSION_KEY] = learner_oid
    session.save()


def learner_of(study_right_oid):
    return StudyRight.objects.select_related("learner").get(oid=study_right_oid).learner


def pdf_text(content):
    """Return the text of every page of a PDF, with runs of whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
