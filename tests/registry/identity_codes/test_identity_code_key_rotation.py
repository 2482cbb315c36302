"""Key rotation: `rotate_identity_code_keys`, `generate_identity_code_key`, and lookups while a rotation is under way."""

import base64
import io
import json

import pytest
from cryptography.fernet import InvalidToken
from django.core.management import CommandError, call_command, load_command_class
from django.test import override_settings
from django.utils import timezone, translation

from registry import identity_codes
from registry.models import Learner, TransferAttempt
from registry.services import identity_code_keys
from tests import documents, samples
from tests.factories import LearnerFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db

OLD_KEY = identity_codes.generate_key()
NEW_KEY = identity_codes.generate_key()
UNKNOWN_KEY = identity_codes.generate_key()
API = "/api/v1/oppija"


def run(*args, **options):
    """Run the rotation command in English; return (stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("rotate_identity_code_keys", *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def run_failing(*args, **options):
    """Run the rotation command in English expecting CommandError; return (error message, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("rotate_identity_code_keys", *args, stdout=stdout, stderr=stderr, **options)
    return str(raised.value), stdout.getvalue(), stderr.getvalue()


def decrypts_with_only(key, ciphertext):
    with override_settings(TOR_IDENTITY_CODE_KEYS=[key]):
        try:
            identity_codes.decrypt(ciphertext)
        except InvalidToken:
            return False
    return True


def hash_with_only(key, code):
    with override_settings(TOR_IDENTITY_CODE_KEYS=[key]):
        return identity_codes.lookup_hash(code)


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


@pytest.fixture
def stored_under_old_key(settings, writer):
    """Learners and failed transfers written while OLD_KEY is the only key; return the codes sent, by case."""
    settings.TOR_IDENTITY_CODE_KEYS = [OLD_KEY]
    codes = {"stored": []}
    for name in samples.supported_sample_names()[:3]:
        code = synthetic_identity_code()
        assert writer.put(API, samples.with_own_learner(samples.load(name), code)).status_code == 200
        codes["stored"].append(code)

    codes["rejected"] = synthetic_identity_code()
    assert writer.put(API, samples.with_own_learner(samples.load(samples.unsupported_sample_names()[0]),
                                                     codes["rejected"])).status_code == 400
    codes["invalid"] = synthetic_identity_code()[:-1] + "-"
    assert writer.put(API, documents.vocational(identity_code=codes["invalid"])).status_code == 400
    codes["unparseable"] = synthetic_identity_code()
    assert writer.put(API, f'{{"henkilö": {{"hetu": "{codes["unparseable"]}"'.encode()).status_code == 400
    return codes


def all_sent(codes):
    return [*codes["stored"], codes["rejected"], codes["invalid"], codes["unparseable"]]


def transfer_counts():
    """Return (transfer log rows, their ciphertexts, those keyed by an identity-code hash)."""
    attempts = TransferAttempt.objects.all()
    ciphertexts = attempts.exclude(identity_code_ciphertext="").count() + attempts.exclude(document_ciphertext="").count()
    return attempts.count(), ciphertexts, attempts.filter(learner_key__startswith="hetu:").count()


def assert_everything_under(key):
    learners = Learner.objects.exclude(identity_code_ciphertext="")
    assert learners.count() >= 3
    for learner in learners:
        assert decrypts_with_only(key, learner.identity_code_ciphertext), learner.oid
        code = identity_codes.decrypt(learner.identity_code_ciphertext)
        assert learner.identity_code_hash == hash_with_only(key, code), learner.oid

    attempts = TransferAttempt.objects.all()
    assert attempts.filter(learner_key__startswith="hetu:").count() >= 2
    assert attempts.filter(learner_key__startswith="body:").count() == 1
    for attempt in attempts:
        for ciphertext in (attempt.identity_code_ciphertext, attempt.document_ciphertext):
            assert not ciphertext or decrypts_with_only(key, ciphertext), attempt.pk
        if attempt.learner_key.startswith("hetu:"):
            code = identity_codes.decrypt(attempt.identity_code_ciphertext)
            assert attempt.learner_key == "hetu:" + hash_with_only(key, code), attempt.pk


def test_generate_key_prints_new_32_byte_key():
    outputs = []
    for _ in range(2):
        stdout = io.StringIO()
        call_command("generate_identity_code_key", stdout=stdout)
        outputs.append(stdout.getvalue().strip())

    assert outputs[0] != outputs[1]
    for key in outputs:
        assert len(base64.urlsafe_b64decode(key)) == 32
        identity_codes.check_keys([key])


def test_rotation_moves_every_value_to_first_key(settings, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    rows, ciphertexts, hashed = transfer_counts()

    stdout, stderr = run(batch_size=2)

    assert_everything_under(NEW_KEY)
    assert "Learners: 2 of 3 checked, 2 changed.\nLearners: 3 of 3 checked, 3 changed.\n" in stdout
    assert f"Transfers: 2 of {rows} checked, 2 changed." in stdout
    assert "Learners: 3 checked, 3 changed: 3 values re-encrypted, 3 hashes recomputed." in stdout
    assert f"Transfers: {rows} checked, {rows} changed: {ciphertexts} values re-encrypted, {hashed} hashes recomputed." in stdout
    assert "the other keys may be removed" in stdout
    assert stderr == ""
    for code in all_sent(stored_under_old_key):
        assert code not in stdout


def test_old_key_can_go_after_rotation(settings, writer, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    run()
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY]
    code = stored_under_old_key["stored"][0]
    learner = Learner.objects.get(identity_code_hash=identity_codes.lookup_hash(code))

    response = writer.put(API, samples.with_own_learner(samples.load(samples.supported_sample_names()[1]), code))

    assert response.status_code == 200
    assert response.json()["henkilö"]["oid"] == learner.oid
    assert identity_codes.decrypt(learner.identity_code_ciphertext) == code
    stdout, _stderr = run(dry_run=True)
    assert "the other keys may be removed" in stdout


def test_second_run_changes_nothing(settings, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    run()
    before = {
        "learners": list(Learner.objects.order_by("pk").values_list("identity_code_ciphertext", "identity_code_hash")),
        "attempts": list(TransferAttempt.objects.order_by("pk").values_list(
            "identity_code_ciphertext", "document_ciphertext", "learner_key")),
    }

    stdout, _stderr = run()

    assert "Learners: 3 checked, 0 changed: 0 values re-encrypted, 0 hashes recomputed." in stdout
    assert f"Transfers: {transfer_counts()[0]} checked, 0 changed: 0 values re-encrypted, 0 hashes recomputed." in stdout
    assert list(Learner.objects.order_by("pk").values_list("identity_code_ciphertext", "identity_code_hash")) == before["learners"]
    assert list(TransferAttempt.objects.order_by("pk").values_list(
        "identity_code_ciphertext", "document_ciphertext", "learner_key")) == before["attempts"]


class Interrupted(Exception):
    pass


def test_interrupted_rotation_finishes_when_run_again(settings, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]

    def stop_after_first_batch(table_report):
        raise Interrupted

    with pytest.raises(Interrupted):
        identity_code_keys.rotate_identity_code_keys(batch_size=1, progress=stop_after_first_batch)
    first = Learner.objects.exclude(identity_code_ciphertext="").order_by("pk").first()
    assert decrypts_with_only(NEW_KEY, first.identity_code_ciphertext)
    assert Learner.objects.exclude(identity_code_hash=first.identity_code_hash).filter(
        identity_code_hash__in=[hash_with_only(OLD_KEY, code) for code in stored_under_old_key["stored"]],
    ).count() == 2

    stdout, _stderr = run()

    assert "Learners: 3 checked, 2 changed" in stdout
    assert_everything_under(NEW_KEY)


def test_dry_run_counts_and_changes_nothing(settings, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    before = list(Learner.objects.order_by("pk").values_list("identity_code_ciphertext", flat=True))

    message, stdout, _stderr = run_failing(dry_run=True)

    assert message == f"{3 + transfer_counts()[0]} rows are not under the first key yet: run the command without --dry-run."
    assert "Learners: 3 checked; 3 would change, with 3 values to re-encrypt and 3 hashes to recompute." in stdout
    assert list(Learner.objects.order_by("pk").values_list("identity_code_ciphertext", flat=True)) == before


def test_ingest_finds_learner_during_rotation(settings, writer, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    code = stored_under_old_key["stored"][0]
    learner = Learner.objects.get(identity_code_hash=hash_with_only(OLD_KEY, code))
    learners = Learner.objects.count()

    response = writer.put(API, samples.with_own_learner(samples.load(samples.supported_sample_names()[1]), code))

    assert response.status_code == 200
    assert response.json()["henkilö"]["oid"] == learner.oid
    assert Learner.objects.count() == learners


def test_failed_transfer_during_rotation_updates_learners_row(settings, writer, stored_under_old_key):
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    code = stored_under_old_key["rejected"]
    document = samples.with_own_learner(samples.load(samples.unsupported_sample_names()[0]), code)
    before = TransferAttempt.objects.get(learner_key="hetu:" + hash_with_only(OLD_KEY, code))

    assert writer.put(API, document).status_code == 400

    after = TransferAttempt.objects.get(pk=before.pk)
    assert after.learner_key == "hetu:" + hash_with_only(NEW_KEY, code)
    assert after.attempts == before.attempts + 1
    assert not TransferAttempt.objects.filter(learner_key="hetu:" + hash_with_only(OLD_KEY, code)).exists()


def test_rows_of_both_keys_are_merged(settings, stored_under_old_key):
    code = stored_under_old_key["rejected"]
    older = TransferAttempt.objects.get(learner_key="hetu:" + hash_with_only(OLD_KEY, code))
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    newer = TransferAttempt.objects.create(
        organisation_key=older.organisation_key, organisation=older.organisation,
        learner_key="hetu:" + identity_codes.lookup_hash(code), identity_code_ciphertext=identity_codes.encrypt(code),
        succeeded=True, attempts=4, updated_at=timezone.now(),
    )

    stdout, _stderr = run()

    remaining = TransferAttempt.objects.get(organisation_key=older.organisation_key, learner_key=newer.learner_key)
    assert remaining.pk == newer.pk
    assert remaining.succeeded
    assert remaining.attempts == 4 + older.attempts
    assert not TransferAttempt.objects.filter(pk=older.pk).exists()
    assert "1 row kept under an older key's hash was merged with the same learner's newer row." in stdout


def test_learner_whose_new_hash_is_taken_is_reported(settings):
    code = synthetic_identity_code()
    settings.TOR_IDENTITY_CODE_KEYS = [OLD_KEY]
    first = LearnerFactory(identity_code=code)
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]
    duplicate = LearnerFactory(identity_code=code)

    message, _stdout, stderr = run_failing()

    first.refresh_from_db()
    assert decrypts_with_only(NEW_KEY, first.identity_code_ciphertext)
    assert first.identity_code_hash == hash_with_only(OLD_KEY, code)
    assert f"learner {first.oid} keeps the lookup hash of an older key because learner {duplicate.oid}" in stderr
    assert code not in stderr
    assert message.startswith("1 row is not under the first key")


def test_value_no_key_decrypts_is_reported(settings, stored_under_old_key):
    with override_settings(TOR_IDENTITY_CODE_KEYS=[UNKNOWN_KEY]):
        foreign = identity_codes.encrypt_text(json.dumps({"henkilö": {}}))
    attempt = TransferAttempt.objects.filter(learner_key__startswith="body:").get()
    TransferAttempt.objects.filter(pk=attempt.pk).update(document_ciphertext=foreign)
    settings.TOR_IDENTITY_CODE_KEYS = [NEW_KEY, OLD_KEY]

    message, _stdout, stderr = run_failing()

    assert f"Transfer {attempt.pk}: document_ciphertext cannot be decrypted with any key of TOR_IDENTITY_CODE_KEYS." in stderr
    assert message.startswith("1 row is not under the first key")
    for learner in Learner.objects.exclude(identity_code_ciphertext=""):
        assert decrypts_with_only(NEW_KEY, learner.identity_code_ciphertext)


@pytest.mark.parametrize("keys", [[], ["not-a-key"], [NEW_KEY, NEW_KEY[:-2] + "="], [base64.urlsafe_b64encode(b"k" * 16).decode()]])
def test_malformed_keys_are_rejected(settings, keys):
    settings.TOR_IDENTITY_CODE_KEYS = keys

    message, _stdout, _stderr = run_failing()

    assert "TOR_IDENTITY_CODE_KEYS" in message
    for key in keys:
        assert key not in message


@pytest.mark.parametrize("name", ["rotate_identity_code_keys", "generate_identity_code_key"])
def test_command_help_is_printed(name):
    command = load_command_class("registry", name)

    with translation.override("en"):
        text = command.create_parser("manage.py", name).format_help()

    assert "TOR_IDENTITY_CODE_KEYS" in text


def test_batch_size_must_be_positive():
    message, _stdout, _stderr = run_failing(batch_size=0)

    assert message == "--batch-size must be a positive whole number, not 0."
