"""The database holds no personal identity code in clear text.

After every sample, rejected documents, unparseable bodies, batches and admin searches, the test
reads every row of every table, Django's own included, and looks for the codes it sent and for
anything else shaped like an identity code. Sessions are decoded first, because Django stores
them signed but not encrypted.
"""

import json

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from registry import identity_codes
from registry.models import Learner, TransferAttempt
from tests import samples
from tests.registry.identity_codes import traffic

pytestmark = pytest.mark.django_db

SESSION_TABLE = "django_session"


def all_tables():
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def rows_as_json(table):
    """Return every row of `table` as a dict of its columns, read through PostgreSQL's row_to_json."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {connection.ops.quote_name(table)} AS t")
        return [json.loads(text) for (text,) in cursor.fetchall()]


def readable_values(table, row):
    """Return (column, text) for each column of a row; a session's data is decoded first."""
    values = [(column, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
              for column, value in row.items() if value is not None]
    if table == SESSION_TABLE:
        decoded = SessionStore().decode(row["session_data"])
        values.append(("session_data (decoded)", json.dumps(decoded, ensure_ascii=False, default=str)))
    return values


def scan_database(sent):
    """Return (table, column, codes) for every value in the database that holds an identity code."""
    findings = []
    for table in all_tables():
        for row in rows_as_json(table):
            for column, text in readable_values(table, row):
                found = sent.found_in(text)
                if found:
                    findings.append((table, column, found))
    return findings


def send_everything(api, admin_user, client):
    """Send every kind of traffic that carries identity codes; return the SentCodes and the samples' outcomes."""
    writer = api.as_user(admin_user, "admin-password")
    sent = traffic.SentCodes()
    sent_samples = traffic.send_every_sample(writer, sent)
    traffic.send_accepted_variants(writer, sent)
    traffic.send_rejected_documents(writer, sent)
    traffic.send_unparseable_bodies(writer, sent)
    traffic.send_batch(writer, sent)
    client.force_login(admin_user)
    stored_code = next(sample.identity_code for sample in sent_samples if sample.status == 200)
    traffic.use_admin_search(client, sent, known_code=stored_code)
    return sent, sent_samples


def test_scan_covers_every_model_and_django_table():
    tables = set(all_tables())

    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True) if model._meta.managed}
    assert model_tables <= tables
    assert {SESSION_TABLE, "django_admin_log", "registry_learner", "registry_transferattempt"} <= tables


def test_database_holds_no_identity_code_in_clear_text(api, admin_user, client):
    sent, sent_samples = send_everything(api, admin_user, client)

    stored = [sample for sample in sent_samples if sample.status == 200]
    assert {sample.name for sample in stored} == set(samples.supported_sample_names())
    assert Learner.objects.count() >= len(stored)
    failed = TransferAttempt.objects.filter(succeeded=False)
    assert failed.exclude(document_ciphertext="").count() >= len(samples.unsupported_sample_names())
    assert SessionStore().exists(client.session.session_key)

    assert scan_database(sent) == []


def test_rejected_documents_are_kept_encrypted(api, admin_user, client):
    sent, sent_samples = send_everything(api, admin_user, client)

    rejected = next(sample for sample in sent_samples if sample.status == 400)
    attempt = TransferAttempt.objects.get(learner_key="hetu:" + identity_codes.lookup_hash(rejected.identity_code))
    assert rejected.identity_code in identity_codes.decrypt(attempt.document_ciphertext)
    assert identity_codes.decrypt(attempt.identity_code_ciphertext) == rejected.identity_code


def test_scan_finds_code_in_clear_text(api, admin_user, client):
    sent = traffic.SentCodes()
    code = sent.new()
    learner = Learner.objects.create(oid="1.2.246.562.24.00000000019", last_name="Virtanen")

    with transaction.atomic():
        Learner.objects.filter(pk=learner.pk).update(last_name=f"Virtanen {code.lower()}")
        findings = scan_database(sent)
        transaction.set_rollback(True)

    assert findings == [("registry_learner", "last_name", [code.lower()])]
