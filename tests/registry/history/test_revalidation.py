"""`revalidate` re-checks stored study rights against changed reference data and changes nothing."""

import pytest
from django.core.management import call_command

from registry.models import AuditEvent, QualificationDescription, StudyRight, StudyRightVersion, TransferAttempt
from registry.services.ingest import store_learner_document
from registry.services.revalidation import revalidate
from registry.transfer_format.structure import READ_ONLY_TYPES
from tests import documents, samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(admin_user):
    """The supported samples stored through the ingest service, each for a learner of its own."""
    oids = []
    for name in samples.supported_sample_names():
        document = samples.load(name)
        if samples.names_learner_by_oid_only(document):
            continue
        result = store_learner_document(samples.with_own_learner(document), user=admin_user)
        oids.extend(item.study_right.oid for item in result.study_rights)
    return oids


def snapshot():
    return (
        list(StudyRight.objects.order_by("oid").values_list("oid", "version", "document")),
        StudyRightVersion.objects.count(), AuditEvent.objects.count(), TransferAttempt.objects.count(),
    )


def test_stored_samples_pass_again(stored):
    report = revalidate()

    assert report.failed == 0, [(f.study_right_oid, f.errors) for p in report.providers.values() for f in p.failures]
    assert report.checked == StudyRight.objects.filter(oid__in=stored).exclude(type__in=list(READ_ONLY_TYPES)).count()
    assert report.checked > 30


def test_study_right_whose_description_ended_is_reported_under_its_provider(admin_user, capsys):
    result = store_learner_document(documents.vocational(source_id="revalidate-1"), user=admin_user)
    study_right = result.study_rights[0].study_right
    diary_number = study_right.document["suoritukset"][0]["koulutusmoduuli"]["perusteenDiaarinumero"]
    before = snapshot()
    QualificationDescription.objects.filter(diary_number=diary_number).delete()

    report = revalidate()
    call_command("revalidate")

    provider = report.providers[documents.HELSINKI]
    assert [failure.study_right_oid for failure in provider.failures] == [study_right.oid]
    keys = {key for key, _path, _message in provider.failures[0].errors}
    assert any(key.startswith("badRequest.validation") for key in keys)
    output = capsys.readouterr().out
    assert documents.HELSINKI in output
    assert study_right.oid in output
    assert snapshot() == before


def test_provider_option_limits_the_check(admin_user):
    store_learner_document(documents.vocational(source_id="revalidate-2"), user=admin_user)

    assert revalidate(provider_oid=documents.HELSINKI).checked == 1
    assert revalidate(provider_oid=documents.JYVASKYLA_TRAINING_SCHOOL).checked == 0
